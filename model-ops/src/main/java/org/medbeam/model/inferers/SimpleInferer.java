package org.medbeam.model.inferers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code SimpleInferer}: the network on the whole input at once ({@code network(inputs)}).
 * Serves classification models (output {@code (1, K)} → an array of K scores) as well as
 * segmentation models that take the full image (output {@code (1, C', X', Y'[, Z'])} → a volume
 * with the input's affine, metadata and applied operations).
 */
public final class SimpleInferer implements Inferer {
  private static final long serialVersionUID = 1L;

  private SimpleInferer() {}

  public static SimpleInferer create() {
    return new SimpleInferer();
  }

  @Override
  public List<InferenceOutput> infer(Volume input, Network network) {
    int nsd = input.spatialRank();
    int channels = input.channels();
    int[] sp3 = Layouts.pad3(input.spatialShape());
    int n = input.size();
    ByteBuffer buf = ByteBuffer.allocateDirect(Math.multiplyExact(n, 4))
        .order(ByteOrder.nativeOrder());
    FloatBuffer fb = buf.asFloatBuffer();
    Layouts.toModel(input.asFloat32().floats(), channels, sp3, fb, 0);
    int[] shape = new int[nsd + 2];
    shape[0] = 1;
    shape[1] = channels;
    System.arraycopy(input.spatialShape(), 0, shape, 2, nsd);
    List<InferenceOutput> result = new ArrayList<>();
    try (NetworkOutput out = network.forward(buf, shape)) {
      for (int k = 0; k < out.size(); k++) {
        int[] os = out.shape(k);
        if (os.length == 0 || os[0] != 1) {
          throw new IllegalStateException(
              "network output " + k + " has shape " + Arrays.toString(os)
                  + "; expected a batch of 1 first");
        }
        FloatBuffer data = out.data(k);
        if (os.length == nsd + 2) {
          int[] osp = Arrays.copyOfRange(os, 2, os.length);
          float[] v = Layouts.fromModel(data, 0, os[1], Layouts.pad3(osp));
          int[] vshape = Arrays.copyOfRange(os, 1, os.length);
          result.add(InferenceOutput.of(input.withData(v, DType.FLOAT32, vshape)));
        } else {
          int[] ashape = Arrays.copyOfRange(os, 1, os.length);
          float[] v = new float[(int) Volume.elementCount(ashape)];
          data.get(0, v);
          result.add(InferenceOutput.ofArray(v, ashape));
        }
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return "SimpleInferer()";
  }
}
