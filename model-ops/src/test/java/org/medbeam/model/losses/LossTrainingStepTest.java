package org.medbeam.model.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.model.networks.DjlTesting;
import org.medbeam.model.networks.layers.Conv;

/** Gradients flow through every loss: one SGD step on a tiny convolution lowers the loss. */
class LossTrainingStepTest {
  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of(DiceLoss.builder().softmax(true).toOnehotY(true).build()),
        Arguments.of(DiceLoss.builder().softmax(true).toOnehotY(true).buildMasked()),
        Arguments.of(GeneralizedDiceLoss.builder().softmax(true).toOnehotY(true).build()),
        Arguments.of(
            TverskyLoss.builder().softmax(true).toOnehotY(true).alpha(0.3).beta(0.7).build()),
        Arguments.of(FocalLoss.builder().toOnehotY(true).useSoftmax(true).build()),
        Arguments.of(FocalLoss.builder().toOnehotY(true).build()),
        Arguments.of(DiceCELoss.builder().softmax(true).toOnehotY(true).build()),
        Arguments.of(DiceFocalLoss.builder().softmax(true).toOnehotY(true).build()));
  }

  @ParameterizedTest
  @MethodSource("losses")
  void oneStepLowersTheLoss(MonaiLoss loss) {
    DjlTesting.engine().setRandomSeed(3);
    try (Model model = Model.newInstance("tiny", "PyTorch")) {
      model.setBlock(Conv.conv(2, 1, 3).kernelSize(3).padding(1).build());
      Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(sgd))) {
        trainer.initialize(new Shape(2, 1, 8, 8));
        NDManager m = trainer.getManager();
        NDArray x = m.randomNormal(new Shape(2, 1, 8, 8));
        NDArray y =
            x.add(1f).mul(1.2f).floor().clip(0, 2).toType(DataType.FLOAT32, false); // 3 classes
        NDList labels = new NDList(y);
        if (loss instanceof MaskedDiceLoss) {
          labels.add(
              m.ones(new Shape(2, 1, 8, 8)).get(":, :, 1:, :").pad(new Shape(0, 0, 1, 0), 0));
        }
        float before;
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray l = loss.evaluate(labels, trainer.forward(new NDList(x)));
          before = l.getFloat();
          gc.backward(l);
        }
        trainer.step();
        float after = loss.evaluate(labels, trainer.evaluate(new NDList(x))).getFloat();
        assertTrue(after < before, loss.getName() + ": " + before + " -> " + after);
      }
    }
  }
}
