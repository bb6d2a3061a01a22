package org.medbeam.model.optimizers;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import org.medbeam.model.networks.DjlTesting;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.layers.Linear;

/** The least-squares problem of optimizers/make_fixtures.py: y = x W^T + b, MSE, 8 samples. */
final class TinyProblem {
  static final JsonNode FIX = DjlTesting.json("optimizers/optimizers.json");

  private TinyProblem() {}

  /** {@code torch.nn.MSELoss()}: mean of squared differences. */
  static final class Mse extends Loss {
    Mse() {
      super("MSELoss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      return predictions.head().sub(labels.head()).square().mean();
    }
  }

  /** A model holding Linear(3, 2) with the fixture's initial W0, b0. */
  static Model model() {
    Model model = Model.newInstance("tiny", "PyTorch");
    Linear lin = new Linear(3, 2, true);
    model.setBlock(lin);
    lin.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(8, 3));
    NamedParameters.of(lin).get("weight").getArray().set(DjlTesting.floats(FIX.path("w0")));
    NamedParameters.of(lin).get("bias").getArray().set(DjlTesting.floats(FIX.path("b0")));
    return model;
  }

  static NDArray x(NDManager m) {
    return m.create(DjlTesting.floats(FIX.path("x")), new Shape(8, 3));
  }

  static NDArray y(NDManager m) {
    return m.create(DjlTesting.floats(FIX.path("y")), new Shape(8, 2));
  }

  /** Batches of 4 in order, as the fixture's DataLoader(batch_size=4, shuffle=False). */
  static ArrayDataset dataset(NDManager m, int batch) {
    return new ArrayDataset.Builder()
        .setData(x(m))
        .optLabels(y(m))
        .setSampling(batch, false)
        .build();
  }
}
