package org.medbeam.model.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.medbeam.model.networks.DjlTesting.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forward and backward passes equal MONAI's on the same weights. Fixtures: {@code
 * src/test/resources/networks/<case>.{weights,io}.{json,bin}} from {@code make_fixtures.py} (MONAI
 * 1.4.0 on torch 1.13, randomised weights and running statistics): the eval-mode output, then the
 * train-mode output (batch statistics) and the gradients of {@code sum(out * r)} for every
 * parameter.
 */
class NetworkForwardTest {
  @SuppressWarnings("unchecked")
  @ParameterizedTest
  @ValueSource(
      strings = {
        "unet2d_res_batch",
        "unet3d_plain",
        "basicunet3d",
        "basicunet2d_nontrainable",
        "basicunet2d_pixelshuffle",
        "segresnet3d",
        "segresnet2d_deconv",
        "dynunet2d_ds",
        "dynunet3d_aniso",
        "densenet2d"
      })
  void matchesMonai(String name) throws IOException {
    TensorBundle weights =
        TensorBundle.read(DjlTesting.resource("networks/" + name + ".weights.json"));
    TensorBundle io = TensorBundle.read(DjlTesting.resource("networks/" + name + ".io.json"));
    MonaiModule net =
        Networks.create(
            weights.manifest().path("target").asText(),
            (Map<String, Object>) DjlTesting.plain(weights.manifest().path("args")));
    TensorBundle.Entry in = io.get("input");
    Engine.getEngine("PyTorch");
    try (NDManager m = DjlTesting.newManager()) {
      net.initialize(m, DataType.FLOAT32, new Shape(in.shape()));
      List<String> loaded = MonaiWeights.load(net, weights, true);
      assertEquals(weights.tensors().size(), loaded.size());
      ParameterStore ps = new ParameterStore(m, false);
      try (NDManager step = m.newSubManager()) {
        NDArray x = step.create(in.data(), new Shape(in.shape()));
        NDArray eval = net.forward(ps, new NDList(x), false).singletonOrThrow();
        assertEquals(new Shape(io.get("eval_out").shape()), eval.getShape(), name + " eval shape");
        assertClose(io.get("eval_out").data(), eval, 1e-4, name + " eval output");
        Shape predicted = net.getOutputShapes(new Shape[] {x.getShape()})[0];
        if (!name.startsWith("dynunet2d_ds")) {
          assertEquals(eval.getShape(), predicted, name + " outputShapes");
        }
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray train = net.forward(ps, new NDList(x), true).singletonOrThrow();
          assertEquals(new Shape(io.get("train_out").shape()), train.getShape(), name + " train");
          assertClose(io.get("train_out").data(), train, 1e-4, name + " train output");
          NDArray r = step.create(io.get("r").data(), new Shape(io.get("r").shape()));
          gc.backward(train.mul(r).sum());
        }
        for (Map.Entry<String, Parameter> e : NamedParameters.of(net).entrySet()) {
          TensorBundle.Entry g = io.get("grad:" + e.getKey());
          NDArray grad = e.getValue().getArray().getGradient();
          DjlTesting.assertClose(
              g.data(), grad.toFloatArray(), 2e-4, 1e-3, name + " gradient of " + e.getKey());
          grad.close();
        }
      }
    }
  }
}
