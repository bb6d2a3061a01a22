package org.medbeam.model.inferers;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.medbeam.model.LoadedModel;

/**
 * A {@link Network} backed by a DJL model, for one thread (it owns a {@code Predictor}).
 *
 * <p>Each {@link #forward} opens a native-memory scope ({@link LoadedModel#newScope()}): the input
 * tensor wraps the caller's direct buffer without a copy on the CPU (one host-to-device copy on a
 * GPU), the outputs are attached to the same scope and read through direct views; closing the
 * returned {@link NetworkOutput} closes the scope, so no tensor outlives the step.
 */
public final class DjlNetwork implements Network, AutoCloseable {
  private final LoadedModel model;
  private final Predictor<NDList, NDList> predictor;

  public DjlNetwork(LoadedModel model) {
    this.model = model;
    this.predictor = model.newPredictor();
  }

  public LoadedModel model() {
    return model;
  }

  @Override
  public NetworkOutput forward(ByteBuffer batch, int[] shape) {
    long[] s = new long[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape[i];
    }
    NDManager scope = model.newScope();
    try {
      NDArray in = scope.create(batch, new Shape(s), DataType.FLOAT32);
      NDList out = predictor.predict(new NDList(in));
      int n = out.size();
      int[][] shapes = new int[n][];
      FloatBuffer[] data = new FloatBuffer[n];
      for (int i = 0; i < n; i++) {
        NDArray a = out.get(i);
        if (a.getDataType() != DataType.FLOAT32) {
          a = a.toType(DataType.FLOAT32, false);
        }
        long[] as = a.getShape().getShape();
        shapes[i] = new int[as.length];
        for (int d = 0; d < as.length; d++) {
          shapes[i][d] = Math.toIntExact(as[d]);
        }
        // a direct view of the tensor's memory on the CPU (a copy to the host from a GPU)
        data[i] = a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
      return new NetworkOutput() {
        @Override
        public int size() {
          return n;
        }

        @Override
        public int[] shape(int i) {
          return shapes[i].clone();
        }

        @Override
        public FloatBuffer data(int i) {
          return data[i];
        }

        @Override
        public void close() {
          scope.close();
        }
      };
    } catch (TranslateException | RuntimeException e) {
      scope.close();
      throw new ModelExecutionException(
          "model " + model.spec().uri() + " failed on a batch of shape " + Arrays.toString(shape)
              + ": " + rootMessage(e),
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String best = String.valueOf(e.getMessage());
    while (t != null) {
      String m = t.getMessage();
      if (m != null) {
        // TorchScript errors end with the interesting line ("RuntimeError: ...")
        int i = m.lastIndexOf("RuntimeError:");
        if (i >= 0) {
          return m.substring(i).trim();
        }
        best = m;
      }
      t = t.getCause();
    }
    return best.length() > 500 ? best.substring(0, 500) + "..." : best;
  }

  /** Closes the predictor (not the shared model). */
  @Override
  public void close() {
    predictor.close();
  }
}
