package org.medbeam.model;

import ai.djl.engine.Engine;

/**
 * The one place medbeam starts DJL's PyTorch engine: offline (nothing is ever downloaded; the
 * native library comes from the {@code pytorch-native-cpu} jar on the classpath) and with an
 * explicit intra-op thread count.
 *
 * <p>System properties read before the engine starts: {@code ai.djl.offline} (forced to {@code
 * true} unless set), {@code ai.djl.pytorch.num_threads} (intra-op threads; defaults to {@code
 * medbeam.torch.threads}, else 1 — one per Beam worker thread, as the runners already run one
 * element per core) and {@code ai.djl.pytorch.num_interop_threads} (default 1).
 */
public final class DjlRuntime {
  /** DJL's name of the PyTorch engine. */
  public static final String ENGINE = "PyTorch";

  private static volatile Engine engine;

  private DjlRuntime() {}

  /** The PyTorch engine, started on first use with the settings above. */
  public static Engine engine() {
    Engine e = engine;
    if (e == null) {
      synchronized (DjlRuntime.class) {
        if (engine == null) {
          configureProperties();
          try {
            engine = Engine.getEngine(ENGINE);
          } catch (RuntimeException | UnsatisfiedLinkError err) {
            throw new IllegalStateException(
                "DJL's PyTorch engine failed to start offline: is ai.djl.pytorch:pytorch-native-cpu"
                    + " (classifier linux-x86_64) on the classpath? " + err.getMessage(),
                err);
          }
        }
        e = engine;
      }
    }
    return e;
  }

  private static void configureProperties() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty(
          "ai.djl.pytorch.num_threads", System.getProperty("medbeam.torch.threads", "1"));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /**
   * Sets PyTorch's intra-op thread count for this process ({@code torch.set_num_threads}); works
   * before or after the engine started.
   */
  public static void setIntraOpThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("intra-op threads must be >= 1, got " + threads);
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    if (engine != null) {
      ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }
  }

  /** PyTorch's current intra-op thread count (starts the engine). */
  public static int intraOpThreads() {
    engine();
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }
}
