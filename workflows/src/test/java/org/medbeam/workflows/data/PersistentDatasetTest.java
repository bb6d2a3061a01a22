package org.medbeam.workflows.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.SampleCoder;
import org.medbeam.transforms.config.ChainConfig;

/** The Beam-written cache: content, round trip, key, completeness, failures, file format. */
class PersistentDatasetTest {
  @TempDir Path tmp;

  static byte[] encode(Sample s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    SampleCoder.of().encode(s, b);
    return b.toByteArray();
  }

  @Test
  void beamWritesThePrefixOutputsBitExactAndRecordsFailures() throws Exception {
    List<Sample> items = new ArrayList<>(TestData.niftiItems(tmp.resolve("data"), 3, 5, 24));
    items.add(Sample.of("missing").with("image", tmp.resolve("nope.nii.gz").toString())
        .with("label", tmp.resolve("nope_seg.nii.gz").toString()));
    ChainSplit chain = TestData.chain(1.5);
    assertEquals(4, chain.splitIndex(), "split before RandCropByPosNegLabeld");
    List<String> keys = List.of("image", "label");
    String key = PersistentDataset.cacheKey(items, keys, chain.prefixFingerprint(), 2);
    String dir = PersistentDataset.folder(tmp.resolve("cache").toString(), key);
    assertFalse(PersistentDataset.isComplete(dir));

    Pipeline p = Pipeline.create(TestData.direct());
    WithFailures.Result<PCollection<String>, Failure> r = p
        .apply(Create.of(items).withCoder(SampleCoder.of()))
        .apply(PersistentDataset.write(chain, keys).to(dir).withNumShards(3));
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    assertTrue(PersistentDataset.isComplete(dir));
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      assertEquals(List.of("cache.json", "shard-00000-of-00003", "shard-00001-of-00003",
          "shard-00002-of-00003"), s.map(f -> f.getFileName().toString()).sorted().toList());
    }

    PersistentDataset.Cached cached = PersistentDataset.read(dir, 2);
    assertEquals(1, cached.failures.size());
    assertEquals("missing", cached.failures.get(0).sampleId());
    assertEquals("cache", cached.failures.get(0).stage());
    assertTrue(cached.failures.get(0).message().contains("nope.nii.gz"),
        cached.failures.get(0).message());
    // the same prefix computed here, byte for byte (coder encoding), sorted by id
    List<Failure> failed = new ArrayList<>();
    CacheDataset here = CacheDataset.compute(items, chain, keys, 0, 1, failed);
    assertEquals(1, failed.size());
    assertEquals(5, cached.samples.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(here.cached().get(i).id(), cached.samples.get(i).id());
      assertArrayEquals(encode(here.cached().get(i)), encode(cached.samples.get(i)));
    }
    // and the datasets over them give the same epochs
    CacheDataset fromDisk = CacheDataset.of(items, cached.samples, chain, 0);
    for (long epoch = 0; epoch < 2; epoch++) {
      for (int i = 0; i < 5; i++) {
        assertEquals(here.get(i, epoch), fromDisk.get(i, epoch));
      }
    }
  }

  @Test
  void keyFollowsContentAndPrefixButNotTheRandomSuffixOrOrder() throws Exception {
    List<Sample> items = TestData.niftiItems(tmp.resolve("data"), 3, 3, 20);
    List<String> keys = List.of("image", "label");
    ChainSplit chain = TestData.chain(1.5);
    String k = PersistentDataset.cacheKey(items, keys, chain.prefixFingerprint(), 1);
    assertEquals(64, k.length());
    List<Sample> reversed = new ArrayList<>(items);
    java.util.Collections.reverse(reversed);
    assertEquals(k, PersistentDataset.cacheKey(reversed, keys, chain.prefixFingerprint(), 2),
        "item order does not matter");
    // another random suffix: same prefix, same key
    ChainSplit otherSuffix = ChainSplit.fromConfig(ChainConfig.parse(
        TestData.chainJson(1.5).replace("\"std\": 0.02", "\"std\": 0.05")), "x");
    assertEquals(chain.prefixFingerprint(), otherSuffix.prefixFingerprint());
    // another prefix: new key
    ChainSplit otherPrefix = TestData.chain(1.25);
    assertNotEquals(k, PersistentDataset.cacheKey(items, keys, otherPrefix.prefixFingerprint(),
        1));
    // lazy or not changes the resampling, so the key
    ChainSplit eager = ChainSplit.fromConfig(ChainConfig.parse(
        TestData.chainJson(1.5).replace("\"lazy\": true", "\"lazy\": false")), "x");
    assertNotEquals(chain.prefixFingerprint(), eager.prefixFingerprint());
    // the same bytes under the same name: same key; one changed byte in a file: new key
    Path img = Path.of(items.get(1).getString("image"));
    byte[] bytes = Files.readAllBytes(img);
    Files.write(img, bytes);
    assertEquals(k, PersistentDataset.cacheKey(items, keys, chain.prefixFingerprint(), 1));
    bytes[bytes.length - 1] ^= 1;
    Files.write(img, bytes);
    assertNotEquals(k, PersistentDataset.cacheKey(items, keys, chain.prefixFingerprint(), 1));
    // a DICOM folder is keyed by its files
    Path series = tmp.resolve("series");
    Files.createDirectories(series);
    Files.write(series.resolve("a"), new byte[] {1, 2});
    String h = PersistentDataset.contentHash(series.toString());
    Files.write(series.resolve("b"), new byte[] {3});
    assertNotEquals(h, PersistentDataset.contentHash(series.toString()));
  }

  @Test
  void shardFormatRoundTripsAndRejectsDamage() throws Exception {
    List<Sample> items = TestData.niftiItems(tmp.resolve("data"), 9, 2, 20);
    List<Sample> samples = CacheDataset.compute(items, TestData.chain(1.5),
        List.of("image", "label"), 0, 1, null).cached();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CacheShards.write(samples, out);
    byte[] shard = out.toByteArray();
    // magic "MBCACHE\0", version 1 (big-endian)
    assertArrayEquals(new byte[] {'M', 'B', 'C', 'A', 'C', 'H', 'E', 0, 0, 0, 0, 1},
        Arrays.copyOf(shard, 12));
    // trailer: 0xFFFFFFFF then the record count 2
    assertArrayEquals(new byte[] {-1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 2},
        Arrays.copyOfRange(shard, shard.length - 12, shard.length));
    List<Sample> back = CacheShards.read(new ByteArrayInputStream(shard), "s");
    assertEquals(samples.size(), back.size());
    for (int i = 0; i < samples.size(); i++) {
      assertArrayEquals(encode(samples.get(i)), encode(back.get(i)));
    }
    byte[] cut = Arrays.copyOf(shard, shard.length - 100);
    assertTrue(assertThrows(IOException.class,
        () -> CacheShards.read(new ByteArrayInputStream(cut), "cut")).getMessage()
        .startsWith("cut: truncated after 1 records (no trailer)"));
    byte[] flipped = shard.clone();
    flipped[40] ^= 0x10;
    assertEquals("flipped: record 0 fails its CRC32C (corrupt)", assertThrows(IOException.class,
        () -> CacheShards.read(new ByteArrayInputStream(flipped), "flipped")).getMessage());
    byte[] v2 = shard.clone();
    v2[11] = 2;
    assertEquals("v2: cache shard format version 2 is not supported (this medbeam reads version"
        + " 1); delete the cache folder to rebuild it", assertThrows(IOException.class,
            () -> CacheShards.read(new ByteArrayInputStream(v2), "v2")).getMessage());
    assertEquals("junk: not a medbeam cache shard (bad magic)", assertThrows(IOException.class,
        () -> CacheShards.read(new ByteArrayInputStream(new byte[20]), "junk")).getMessage());
  }
}
