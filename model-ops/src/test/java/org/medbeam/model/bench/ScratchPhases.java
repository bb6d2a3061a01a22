package org.medbeam.model.bench;
import ai.djl.Model;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.*;
import org.medbeam.model.losses.DiceCELoss;
import org.medbeam.model.networks.TorchOps;
import org.medbeam.model.networks.nets.UNet;
import org.medbeam.model.optimizers.Novograd;
public class ScratchPhases {
  public static void main(String[] a) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    ai.djl.engine.Engine.getEngine("PyTorch"); TorchOps.setNumThreads(Integer.parseInt(a[1]));
    int n = Integer.parseInt(a[0]);
    UNet net = UNet.builder(3, 1, 2, new int[] {16, 32, 64, 128, 256}, new int[] {2, 2, 2, 2}).numResUnits(2).build();
    Shape shape = new Shape(2, 1, n, n, n);
    try (Model model = Model.newInstance("w5", "PyTorch"); Novograd opt = Novograd.builder().lr(1e-3).build()) {
      model.setBlock(net);
      DiceCELoss loss = DiceCELoss.builder().toOnehotY(true).softmax(true).build();
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(opt))) {
        trainer.initialize(shape);
        NDManager m = trainer.getManager();
        NDArray x = m.randomNormal(shape);
        NDArray y = m.randomUniform(0f, 1f, shape).gt(0.7f).toType(DataType.FLOAT32, false);
        for (int i = 0; i < 5; i++) {
          try (NDManager step = m.newSubManager()) {
            long t0 = System.nanoTime(), t1, t2, t3, t4;
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDList pred = trainer.forward(new NDList(x), new NDList(y));
              pred.head().get(0,0,0,0,0).getFloat();
              t1 = System.nanoTime();
              NDArray l = trainer.getLoss().evaluate(new NDList(y), pred);
              l.getFloat();
              t2 = System.nanoTime();
              gc.backward(l);
              t3 = System.nanoTime();
            }
            trainer.step();
            t4 = System.nanoTime();
            System.out.printf("fwd %.3f loss %.3f bwd %.3f step %.3f%n", (t1-t0)/1e9, (t2-t1)/1e9, (t3-t2)/1e9, (t4-t3)/1e9);
          }
        }
      }
    }
  }
}
