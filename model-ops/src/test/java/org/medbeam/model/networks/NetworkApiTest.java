package org.medbeam.model.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.model.networks.layers.Act;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.Dropout;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Norm;
import org.medbeam.model.networks.layers.Pool;
import org.medbeam.model.networks.nets.DynUNet;
import org.medbeam.model.networks.nets.SegResNet;
import org.medbeam.model.networks.nets.UNet;

/** Configs, weight files, DJL save/load and every validation message of the network API. */
class NetworkApiTest {
  private static void fails(String fragment, Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(
        ex.getMessage().contains(fragment),
        "message '" + ex.getMessage() + "' lacks '" + fragment + "'");
  }

  @Test
  void configWithTargetAndCamelCase() {
    MonaiModule a =
        Networks.create(
            Map.of(
                "_target_",
                "monai.networks.nets.UNet",
                "spatial_dims",
                2,
                "in_channels",
                1,
                "out_channels",
                2,
                "channels",
                List.of(4, 8),
                "strides",
                List.of(2),
                "numResUnits",
                1,
                "norm",
                List.of("group", Map.of("num_groups", 2))));
    UNet b =
        UNet.builder(2, 1, 2, new int[] {4, 8}, new int[] {2})
            .numResUnits(1)
            .norm(LayerSpec.of("group", Map.of("num_groups", 2)))
            .build();
    assertEquals(NamedParameters.count(b), NamedParameters.count(a));
    assertEquals(NamedParameters.of(b).keySet(), NamedParameters.of(a).keySet());
  }

  @Test
  void validationMessagesNameTheArgument() {
    fails(
        "unknown argument [num_res_unit]",
        () ->
            Networks.create(
                "UNet",
                Map.of(
                    "spatial_dims",
                    2,
                    "in_channels",
                    1,
                    "out_channels",
                    2,
                    "channels",
                    List.of(4, 8),
                    "strides",
                    List.of(2),
                    "num_res_unit",
                    1)));
    fails("unknown network 'VNet'", () -> Networks.create("VNet", Map.of()));
    fails(
        "`channels` should be no less than 2",
        () -> UNet.builder(2, 1, 1, new int[] {4}, new int[] {}));
    fails(
        "`strides` should equal to `len(channels) - 1`",
        () -> UNet.builder(2, 1, 1, new int[] {4, 8, 16}, new int[] {2}));
    fails(
        "kernel_size must have 1 or 3 values",
        () -> UNet.builder(3, 1, 1, new int[] {4, 8}, new int[] {2}).kernelSize(3, 3));
    fails(
        "adn_ordering",
        () -> UNet.builder(2, 1, 1, new int[] {4, 8}, new int[] {2}).adnOrdering("NAX"));
    fails(
        "no less than 3",
        () ->
            DynUNet.builder(
                2, 1, 1, new int[][] {{3}, {3}}, new int[][] {{1}, {2}}, new int[][] {{2}}));
    fails(
        "deep_supr_num should be less than",
        () ->
            DynUNet.builder(
                    2,
                    1,
                    1,
                    new int[][] {{3}, {3}, {3}},
                    new int[][] {{1}, {2}, {2}},
                    new int[][] {{2}, {2}})
                .deepSupervision(true)
                .deepSuprNum(2)
                .build());
    fails("`spatial_dims` can only be 2 or 3", () -> SegResNet.builder().spatialDims(1));
    fails("must be divisible by groups", () -> Conv.conv(2, 3, 4).groups(2).build());
    fails("output_padding", () -> Conv.convTrans(2, 2, 2).stride(2).outputPadding(2).build());
    fails("dilation [2] is not supported", () -> Conv.convTrans(2, 2, 2).dilation(2));
    fails("unknown normalization 'batchnorm'", () -> Norm.create("batchnorm", 2, 4));
    fails("num_groups is required", () -> Norm.create("group", 2, 4));
    fails(
        "num_channels (6) must be divisible by num_groups (4)",
        () -> Norm.create(LayerSpec.of("group", Map.of("num_groups", 4)), 2, 6));
    fails(
        "unexpected argument 'afine'",
        () -> Norm.create(LayerSpec.of("instance", Map.of("afine", true)), 2, 4));
    fails("unknown activation 'rellu'", () -> Act.create("rellu"));
    fails("unknown pooling 'min'", () -> Pool.create(LayerSpec.of("min"), 2));
    fails("dropout probability has to be between 0 and 1", () -> Dropout.create(1.5, 1));
    fails(
        "layer specifiers must be a name or a pair", () -> LayerSpec.parse(List.of("a", "b", "c")));
    fails(
        "Same padding not available",
        () -> org.medbeam.model.networks.blocks.Convolution.builder(2, 1, 1).kernelSize(2).build());
  }

  @Test
  void inputShapeErrorsNameLayerAndShape() {
    UNet net = UNet.builder(2, 3, 2, new int[] {4, 8}, new int[] {2}).build();
    fails(
        "expects 3 input channels, got shape (1, 1, 8, 8)",
        () -> net.getOutputShapes(new Shape[] {new Shape(1, 1, 8, 8)}));
  }

  /** export -> bundle files -> load into a fresh network of the same arguments: same outputs. */
  @Test
  void weightsRoundTrip(@TempDir Path dir) throws Exception {
    Shape in = new Shape(1, 1, 16, 16);
    try (NDManager m = DjlTesting.newManager()) {
      DjlTesting.engine().setRandomSeed(5);
      UNet a =
          UNet.builder(2, 1, 2, new int[] {4, 8, 16}, new int[] {2, 2})
              .numResUnits(1)
              .norm(LayerSpec.of("batch"))
              .build();
      a.initialize(m, DataType.FLOAT32, in);
      MonaiWeights.export(a).write(dir.resolve("w"));
      long elements = 0;
      for (ai.djl.nn.Parameter p : NamedParameters.stateDict(a).values()) {
        elements += p.getShape().size();
      }
      assertEquals(4 * elements, Files.size(dir.resolve("w.bin")), "float32 blob of the state");
      UNet b =
          UNet.builder(2, 1, 2, new int[] {4, 8, 16}, new int[] {2, 2})
              .numResUnits(1)
              .norm(LayerSpec.of("batch"))
              .build();
      b.initialize(m, DataType.FLOAT32, in);
      List<String> loaded = MonaiWeights.load(b, dir.resolve("w.json"), true);
      assertEquals(NamedParameters.stateDict(a).size(), loaded.size());
      NDArray x = m.randomNormal(in);
      ParameterStore ps = new ParameterStore(m, false);
      assertArrayEquals(a.apply(ps, x, false).toFloatArray(), b.apply(ps, x, false).toFloatArray());
      // strict loading names what is missing
      UNet c =
          UNet.builder(2, 1, 2, new int[] {4, 8, 16}, new int[] {2, 2})
              .numResUnits(2)
              .norm(LayerSpec.of("batch"))
              .build();
      c.initialize(m, DataType.FLOAT32, in);
      fails("missing keys", () -> MonaiWeights.load(c, TensorBundle.read(dir.resolve("w")), true));
      UNet d =
          UNet.builder(2, 1, 3, new int[] {4, 8, 16}, new int[] {2, 2})
              .numResUnits(1)
              .norm(LayerSpec.of("batch"))
              .build();
      d.initialize(m, DataType.FLOAT32, in);
      fails(
          "size mismatch for model.2.0.conv.weight",
          () -> MonaiWeights.load(d, TensorBundle.read(dir.resolve("w")), false));
    }
  }

  @Test
  void truncatedBundleIsRejected(@TempDir Path dir) throws Exception {
    TensorBundle.of(
            List.of(new TensorBundle.Entry("w", new long[] {2, 3}, new float[6], "parameter")))
        .write(dir.resolve("t"));
    Files.write(dir.resolve("t.bin"), new byte[8]);
    java.io.IOException e =
        assertThrows(java.io.IOException.class, () -> TensorBundle.read(dir.resolve("t")));
    assertTrue(e.getMessage().contains("lies outside"), e.getMessage());
  }

  /** DJL's own Model.save / Model.load round trip works on these blocks (incl. ModuleLists). */
  @Test
  void djlSaveAndLoad(@TempDir Path dir) throws Exception {
    Shape in = new Shape(1, 1, 16, 16);
    DjlTesting.engine().setRandomSeed(9);
    float[] before;
    try (Model model = Model.newInstance("seg", "PyTorch");
        NDManager m = DjlTesting.newManager()) {
      SegResNet net =
          SegResNet.builder()
              .spatialDims(2)
              .initFilters(4)
              .blocksDown(1, 1, 1)
              .blocksUp(1, 1)
              .norm(LayerSpec.of("group", Map.of("num_groups", 2)))
              .act(LayerSpec.of("prelu"))
              .build();
      model.setBlock(net);
      net.initialize(model.getNDManager(), DataType.FLOAT32, in);
      NDArray x = m.ones(in);
      before =
          net.forward(new ParameterStore(m, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
      model.save(dir, "seg");
    }
    try (Model model = Model.newInstance("seg", "PyTorch");
        NDManager m = DjlTesting.newManager()) {
      SegResNet net =
          SegResNet.builder()
              .spatialDims(2)
              .initFilters(4)
              .blocksDown(1, 1, 1)
              .blocksUp(1, 1)
              .norm(LayerSpec.of("group", Map.of("num_groups", 2)))
              .act(LayerSpec.of("prelu"))
              .build();
      model.setBlock(net);
      model.load(dir, "seg");
      NDArray x = m.ones(in);
      float[] after =
          net.forward(new ParameterStore(m, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
      assertArrayEquals(before, after);
    }
  }
}
