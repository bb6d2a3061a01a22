package org.medbeam.transforms.utility;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Metadata;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;

/** Utility behaviour: OneOf in configs, Lambda, adaptor, metadata deletion, errors. */
class UtilityBehaviourTest {
  private static final Volume V = Volume.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2);

  @Test
  void oneOfFromConfigDrawsFromTheSampleGeneratorAndInverts() {
    Compose chain =
        ChainConfig.fromText(
            "[{\"_target_\": \"OneOf\", \"weights\": [1, 1], \"transforms\": ["
                + "{\"_target_\": \"SpatialPadd\", \"keys\": \"img\", \"spatial_size\": [5, 4]},"
                + "{\"_target_\": \"BorderPadd\", \"keys\": \"img\", \"spatial_border\": 1}]}]");
    OneOf one = (OneOf) chain.transforms().get(0);
    int seen = 0;
    for (int seed = 0; seed < 20; seed++) {
      Sample s = Sample.of("case-" + seed, "img", V);
      Sample out = chain.applyAll(s, TransformContext.of(seed)).get(0);
      int index = one.draw(RandomState.forSample(seed, "case-" + seed, 0, 0));
      assertEquals(index, out.volume("img").peekOperation().extraInfo().getLong("index", -1));
      assertArrayEquals(new int[] {1, 5, 4}, out.volume("img").shape());
      List<org.medbeam.core.AppliedOperation> ops = out.volume("img").appliedOperations();
      assertEquals(index == 0 ? "SpatialPad" : "BorderPad", ops.get(ops.size() - 2).className());
      seen |= 1 << index;
      Sample back = chain.inverse(out);
      assertTrue(back.volume("img").sameVoxels(V));
      assertTrue(back.volume("img").appliedOperations().isEmpty());
    }
    assertEquals(3, seen, "both transforms get chosen");
  }

  @Test
  void lambdaRecordsItselfAndInvertsWithItsInverseFunction() {
    Lambda l = new Lambda(v -> v.astype(org.medbeam.core.DType.FLOAT64), v -> v.asFloat32());
    Volume out = l.apply(V);
    assertEquals("Lambda", out.peekOperation().className());
    Volume back = l.inverse(out);
    assertTrue(back.sameVoxels(V));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChainConfig.fromText("{\"_target_\": \"Lambdad\", \"keys\": \"img\"}"));
    assertTrue(e.getMessage().contains("'func' is code"), e.getMessage());
  }

  @Test
  void adaptorMapsKeysToArgumentsAndResultsToKeys() {
    Adaptor a =
        new Adaptor(
            args -> List.of(((Volume) args.get("x")).shape(0), args.get("tag")),
            List.of("channels", "tag_copy"),
            Map.of("img", "x", "tag", "tag"));
    Sample out = a.apply(Sample.of("s").with("img", V).with("tag", "t1"), TransformContext.of(0));
    assertEquals(1, out.get("channels"));
    assertEquals("t1", out.getString("tag_copy"));
  }

  @Test
  void deleteItemsRemovesTopLevelRegexAndNestedKeys() {
    Sample s =
        Sample.of("s")
            .with("image", V)
            .with("image_meta", Metadata.of("a", 1, "b", Metadata.of("x", 1, "y", 2)))
            .with("label", V);
    Sample out =
        new DeleteItemsd(List.of("image_meta.b.x", "^lab"), ".", List.of(false, true))
            .apply(s, TransformContext.of(0));
    assertEquals(List.of("image", "image_meta"), List.copyOf(out.keys()));
    Metadata b = (Metadata) ((Metadata) out.get("image_meta")).get("b");
    assertEquals(List.of("y"), List.copyOf(b.keySet()));
  }

  @Test
  void copyItemsRefusesToOverwrite() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CopyItemsd(KeySelection.of("img"), 1, List.of("img"))
                    .apply(Sample.of("s", "img", V), TransformContext.of(0)));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
  }

  @Test
  void ensureChannelFirstChecksForMetadataStrictly() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EnsureChannelFirst().apply(V));
    assertTrue(e.getMessage().contains("original_channel_dim"), e.getMessage());
    Volume ok = new EnsureChannelFirst(true, "no_channel").apply(V);
    assertTrue(ok.sameVoxels(V));
    assertEquals("no_channel", ok.meta().getString("original_channel_dim"));
  }
}
