package org.medbeam.model.bench;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.GradientCollector;
import org.medbeam.model.networks.TorchOps;
public class ScratchPrelu {
  interface F { NDArray f(NDArray x, NDArray a); }
  static void t(String n, NDManager m, F f) {
    double bf = 1e9, bb = 1e9;
    for (int i = 0; i < 8; i++) {
      try (NDManager s = m.newSubManager()) {
        NDArray x = s.randomNormal(new Shape(2, 16, 48, 48, 48)); x.setRequiresGradient(true);
        NDArray a = s.create(new float[] {0.25f}); a.setRequiresGradient(true);
        NDArray g = s.randomNormal(new Shape(2, 16, 48, 48, 48));
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          long t0 = System.nanoTime(); NDArray y = f.f(x, a); y.get(0,0,0,0,0).getFloat(); long t1 = System.nanoTime();
          gc.backward(y.mul(g)); x.getGradient().get(0,0,0,0,0).getFloat(); long t2 = System.nanoTime();
          bf = Math.min(bf, (t1-t0)/1e6); bb = Math.min(bb, (t2-t1)/1e6);
        }
      }
    }
    System.out.printf("%-10s fwd %.1f ms  bwd(incl mul) %.1f ms%n", n, bf, bb);
  }
  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true"); Engine.getEngine("PyTorch"); TorchOps.setNumThreads(2);
    try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
      t("identity", m, (x, a) -> x.mul(1f));
      t("max", m, (x, a) -> x.maximum(x.mul(a)));
      t("where", m, (x, a) -> NDArrays.where(x.gte(0f), x, x.mul(a)));
      t("relu+min", m, (x, a) -> x.getNDArrayInternal().relu().add(x.minimum(0f).mul(a)));
      t("leaky+0", m, (x, a) -> x.getNDArrayInternal().leakyRelu(0.25f).add(x.minimum(0f).mul(a.sub(0.25f))));
      t("relu", m, (x, a) -> x.getNDArrayInternal().relu());
    }
  }
}
