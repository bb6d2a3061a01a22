package org.medbeam.workflows.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.config.ChainConfig;

/**
 * The cache content per epoch against real MONAI 1.4.0's SmartCacheDataset with update_cache()
 * between epochs (src/test/resources/data/make_fixtures.py → datasets.json "smartcache").
 */
class SmartCacheDatasetTest {
  static List<Sample> items(int n) {
    List<Sample> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(Sample.of("item" + i).with("i", i)
          .with("image", Volume.of(new float[] {i, i + 1, i + 2, i + 3}, 1, 2, 2)));
    }
    return l;
  }

  @Test
  void replacementOrderMatchesMonai() throws Exception {
    JsonNode fx;
    try (InputStream in = getClass().getResourceAsStream("/data/datasets.json")) {
      fx = new ObjectMapper().readTree(in).get("smartcache");
    }
    ChainSplit chain = ChainSplit.fromConfig(ChainConfig.parse("[]"), "none");
    for (JsonNode c : fx) {
      try (SmartCacheDataset ds = SmartCacheDataset.of(items(c.get("n").asInt()), chain,
          List.of(), c.get("cache_num").asInt(), c.get("replace_rate").asDouble(),
          c.get("shuffle").asBoolean(), c.get("seed").asLong(), 0, 2)) {
        for (int e = 0; e < c.get("epochs").size(); e++) {
          List<Integer> expected = new ArrayList<>();
          c.get("epochs").get(e).forEach(v -> expected.add(v.asInt()));
          List<Integer> got = new ArrayList<>();
          ds.prepareEpoch(e);
          for (int k = 0; k < ds.size(); k++) {
            got.add((Integer) ds.get(k, e).get(0).get("i"));
          }
          assertEquals(expected, got, c + " epoch " + e);
        }
      }
    }
  }

  @Test
  void itemsGoThroughThePrefixOnceAndTheSuffixPerEpoch() {
    ChainSplit chain = ChainSplit.fromConfig(ChainConfig.parse("["
        + "{\"_target_\": \"ShiftIntensityd\", \"keys\": \"image\", \"offset\": 10},"
        + "{\"_target_\": \"RandGaussianNoised\", \"keys\": \"image\", \"prob\": 1.0}]"), "c");
    try (SmartCacheDataset ds = SmartCacheDataset.of(items(5), chain, List.of(), 3, 0.34, false,
        0, 7, 1)) {
      Sample e0 = ds.get(0, 0).get(0);
      // item0 + 10 + noise: within a few sigma of 10..13
      float[] v = e0.volume("image").toFloatArray();
      for (int k = 0; k < 4; k++) {
        assertEquals(10 + k, v[k], 0.6, "prefix applied");
      }
      // replaceNum = min(ceil(3 * 0.34), 5 - 3) = 2: epoch 1 starts at item 2, epoch 2 at 4
      ds.prepareEpoch(1);
      assertEquals(List.of("item2", "item3", "item4"), ds.ids(1));
      assertEquals(List.of("item4", "item0", "item1"), ds.ids(2));
      // item0 again in epoch 2: the same prefix, a new draw
      Sample again = ds.get(1, 2).get(0);
      assertEquals("item0", again.id());
      assertNotEquals(e0, again);
    }
    assertEquals("replace_rate must be in (0, 1], got 0.0; use CacheDataset to cache everything"
        + " without replacement", assertThrows(IllegalArgumentException.class,
            () -> SmartCacheDataset.of(items(2), chain, List.of(), 1, 0, false, 0, 0, 1))
        .getMessage());
  }
}
