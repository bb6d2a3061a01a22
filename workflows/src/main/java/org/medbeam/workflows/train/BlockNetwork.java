package org.medbeam.workflows.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.medbeam.model.inferers.Network;
import org.medbeam.model.inferers.NetworkOutput;
import org.medbeam.model.networks.MonaiModule;

/**
 * The network being trained as an inferer's {@link Network}: MONAI's {@code net.eval()} under
 * {@code torch.no_grad()} — each forward runs the block in eval mode (running statistics,
 * no dropout) with autograd off, in a native-memory scope closed with the returned output.
 * For one thread at a time.
 */
public final class BlockNetwork implements Network {
  private final MonaiModule block;
  private final NDManager manager;

  /** @param manager parent of the per-forward scopes (e.g. the trainer's or model's manager) */
  public BlockNetwork(MonaiModule block, NDManager manager) {
    this.block = block;
    this.manager = manager;
  }

  @Override
  public NetworkOutput forward(ByteBuffer batch, int[] shape) {
    long[] s = new long[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape[i];
    }
    NDManager scope = manager.newSubManager();
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDArray in = scope.create(batch, new Shape(s), DataType.FLOAT32);
      NDArray out = block.apply(new ParameterStore(scope, false), in, false);
      out.attach(scope);
      long[] os = out.getShape().getShape();
      int[] outShape = new int[os.length];
      for (int i = 0; i < os.length; i++) {
        outShape[i] = Math.toIntExact(os[i]);
      }
      FloatBuffer data = out.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
      return new NetworkOutput() {
        @Override
        public int size() {
          return 1;
        }

        @Override
        public int[] shape(int i) {
          check(i);
          return outShape.clone();
        }

        @Override
        public FloatBuffer data(int i) {
          check(i);
          return data;
        }

        private void check(int i) {
          if (i != 0) {
            throw new IndexOutOfBoundsException("the network has one output, asked for " + i);
          }
        }

        @Override
        public void close() {
          scope.close();
        }
      };
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    } finally {
      JniUtils.setGradMode(grad);
    }
  }
}
