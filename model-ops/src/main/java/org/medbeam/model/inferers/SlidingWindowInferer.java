package org.medbeam.model.inferers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.medbeam.core.DType;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code SlidingWindowInferer} / {@code sliding_window_inference}: runs a network over
 * overlapping windows of a large image and blends the window outputs, with MONAI's semantics
 * (window grid, padding, importance map, zoomed outputs, crop) so the same parameters give the
 * same numbers (pinned to 1e-5 against MONAI 1.4.0).
 *
 * <p>Layouts: the input is a medbeam {@link Volume} {@code (C, X, Y[, Z])}, X fastest. The
 * network sees MONAI's {@code (B, C, X, Y[, Z])} in C order (Z fastest), what a TorchScript
 * exported from MONAI expects: each window is transposed while it is gathered into the one batch
 * buffer (reused for every batch, never a copy per window), and window outputs are transposed
 * back while they are blended. Blending is plain Java on float arrays: the output and the weight
 * (count) map are the only volume-sized allocations besides the input ({@code sw_device} is where
 * the network runs; {@code device}, where outputs are stitched, is always the JVM heap).
 *
 * <p>When the roi is larger than the image along an axis, the image is padded ({@code
 * padding_mode}, {@code cval}) by {@code diff // 2} before and the rest after, and the output is
 * cropped back. A network whose output size differs from its input size (e.g. stride 2) is handled
 * as MONAI does: scale {@code z = out_roi / roi} per axis, output size {@code int(size × z)},
 * window {@code [int(start × z), int(stop × z))}, weights resized by nearest-exact interpolation;
 * choose {@code overlap × roi × z} integral. As in MONAI the output keeps the input's affine and
 * metadata even then.
 */
public final class SlidingWindowInferer implements Inferer {
  private static final long serialVersionUID = 1L;
  private static final int TILE = 16;

  private final int[] roiSize;
  private final int swBatchSize;
  private final double[] overlap;
  private final BlendMode mode;
  private final double[] sigmaScale;
  private final PytorchPadMode paddingMode;
  private final double cval;
  private final int threads;

  private SlidingWindowInferer(
      int[] roiSize,
      int swBatchSize,
      double[] overlap,
      BlendMode mode,
      double[] sigmaScale,
      PytorchPadMode paddingMode,
      double cval,
      int threads) {
    this.roiSize = roiSize;
    this.swBatchSize = swBatchSize;
    this.overlap = overlap;
    this.mode = mode;
    this.sigmaScale = sigmaScale;
    this.paddingMode = paddingMode;
    this.cval = cval;
    this.threads = threads;
  }

  /**
   * MONAI's defaults ({@code sw_batch_size=1, overlap=0.25, mode="constant", sigma_scale=0.125,
   * padding_mode="constant", cval=0}) with window {@code roiSize}: one value for every axis or
   * one per spatial axis (X, Y[, Z]); a non-positive value means the image's full size.
   */
  public static SlidingWindowInferer of(int... roiSize) {
    return new SlidingWindowInferer(
        checkRoi(roiSize),
        1,
        new double[] {0.25},
        BlendMode.CONSTANT,
        new double[] {0.125},
        PytorchPadMode.CONSTANT,
        0.0,
        0);
  }

  private static int[] checkRoi(int[] roi) {
    if (roi == null || roi.length < 1 || roi.length > 3) {
      throw new IllegalArgumentException(
          "roi_size must have 1 to 3 values (one, or one per spatial axis), got "
              + Arrays.toString(roi));
    }
    return roi.clone();
  }

  /** Windows per network call, {@code >= 1}. */
  public SlidingWindowInferer withSwBatchSize(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("sw_batch_size must be >= 1, got " + n);
    }
    return new SlidingWindowInferer(
        roiSize, n, overlap, mode, sigmaScale, paddingMode, cval, threads);
  }

  /** Overlap between neighbouring windows, one value or one per spatial axis, each in [0, 1). */
  public SlidingWindowInferer withOverlap(double... o) {
    if (o == null || o.length < 1 || o.length > 3) {
      throw new IllegalArgumentException(
          "overlap must have 1 to 3 values, got " + Arrays.toString(o));
    }
    for (double v : o) {
      if (!(v >= 0 && v < 1)) {
        throw new IllegalArgumentException(
            "overlap must be >= 0 and < 1, got " + Arrays.toString(o));
      }
    }
    return new SlidingWindowInferer(
        roiSize, swBatchSize, o.clone(), mode, sigmaScale, paddingMode, cval, threads);
  }

  public SlidingWindowInferer withMode(BlendMode m) {
    if (m == null) {
      throw new IllegalArgumentException(
          "mode must be one of \"constant\", \"gaussian\"; got null");
    }
    return new SlidingWindowInferer(
        roiSize, swBatchSize, overlap, m, sigmaScale, paddingMode, cval, threads);
  }

  /** {@code "constant"} or {@code "gaussian"}. */
  public SlidingWindowInferer withMode(String m) {
    return withMode(BlendMode.parse(m));
  }

  /** Gaussian sigma as a fraction of the window size, one value or one per axis, each > 0. */
  public SlidingWindowInferer withSigmaScale(double... s) {
    if (s == null || s.length < 1 || s.length > 3) {
      throw new IllegalArgumentException(
          "sigma_scale must have 1 to 3 values, got " + Arrays.toString(s));
    }
    for (double v : s) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            "sigma_scale must be finite and > 0, got " + Arrays.toString(s));
      }
    }
    return new SlidingWindowInferer(
        roiSize, swBatchSize, overlap, mode, s.clone(), paddingMode, cval, threads);
  }

  public SlidingWindowInferer withPaddingMode(PytorchPadMode p) {
    if (p == null) {
      throw new IllegalArgumentException(
          "padding_mode must be one of \"constant\", \"reflect\", \"replicate\", \"circular\";"
              + " got null");
    }
    return new SlidingWindowInferer(
        roiSize, swBatchSize, overlap, mode, sigmaScale, p, cval, threads);
  }

  /** {@code "constant"}, {@code "reflect"}, {@code "replicate"} or {@code "circular"}. */
  public SlidingWindowInferer withPaddingMode(String p) {
    return withPaddingMode(PytorchPadMode.parse(p));
  }

  /** Fill value of {@code constant} padding (any finite number). */
  public SlidingWindowInferer withCval(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("cval must be a finite number, got " + v);
    }
    return new SlidingWindowInferer(
        roiSize, swBatchSize, overlap, mode, sigmaScale, paddingMode, v, threads);
  }

  /**
   * Threads for gathering and blending (not the network's): {@code >= 1}, or 0 for {@link
   * Parallel#defaultThreads()}.
   */
  public SlidingWindowInferer withThreads(int t) {
    if (t < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = medbeam default), got " + t);
    }
    return new SlidingWindowInferer(
        roiSize, swBatchSize, overlap, mode, sigmaScale, paddingMode, cval, t);
  }

  public int[] roiSize() {
    return roiSize.clone();
  }

  public int swBatchSize() {
    return swBatchSize;
  }

  public double[] overlap() {
    return overlap.clone();
  }

  public BlendMode mode() {
    return mode;
  }

  public double[] sigmaScale() {
    return sigmaScale.clone();
  }

  public PytorchPadMode paddingMode() {
    return paddingMode;
  }

  public double cval() {
    return cval;
  }

  // ------------------------------------------------------------------ MONAI's window grid

  /**
   * MONAI's {@code _get_scan_interval}: {@code roi} where it equals the image size, else {@code
   * max(1, int(roi × (1 - overlap)))}.
   */
  public static int[] scanInterval(int[] imageSize, int[] roi, double[] overlap) {
    int[] r = new int[imageSize.length];
    for (int i = 0; i < r.length; i++) {
      if (roi[i] == imageSize[i]) {
        r[i] = roi[i];
      } else {
        int interval = (int) (roi[i] * (1 - overlap[i]));
        r[i] = interval > 0 ? interval : 1;
      }
    }
    return r;
  }

  /**
   * MONAI's {@code dense_patch_slices}, per axis: the start of every window along that axis
   * (windows are the Cartesian product, first axis slowest). The last start is pulled back so the
   * window ends at the image border.
   */
  public static int[][] windowStarts(int[] imageSize, int[] patch, int[] interval) {
    int nd = imageSize.length;
    int[][] starts = new int[nd][];
    for (int d = 0; d < nd; d++) {
      int p = Math.min(imageSize[d], patch[d] > 0 ? patch[d] : imageSize[d]);
      int count;
      if (interval[d] == 0) {
        count = 1;
      } else {
        int num = (int) Math.ceil((double) imageSize[d] / interval[d]);
        count = 1;
        for (int k = 0; k < num; k++) {
          if (k * interval[d] + p >= imageSize[d]) {
            count = k + 1;
            break;
          }
        }
      }
      starts[d] = new int[count];
      for (int k = 0; k < count; k++) {
        int s = k * interval[d];
        s -= Math.max(s + p - imageSize[d], 0);
        starts[d][k] = s;
      }
    }
    return starts;
  }

  // ------------------------------------------------------------------ inference

  @Override
  public List<InferenceOutput> infer(Volume input, Network network) {
    List<Volume> vols = inferVolumes(input, network);
    List<InferenceOutput> out = new ArrayList<>(vols.size());
    for (Volume v : vols) {
      out.add(InferenceOutput.of(v));
    }
    return out;
  }

  /** The first (usually only) output of {@link #inferVolumes}. */
  public Volume inferVolume(Volume input, Network network) {
    return inferVolumes(input, network).get(0);
  }

  /**
   * Sliding-window inference of one input {@code (C, X, Y[, Z])}: one float32 volume per network
   * output, {@code (C', X', Y'[, Z'])}, with the input's affine, metadata and applied operations.
   */
  public List<Volume> inferVolumes(Volume input, Network network) {
    return new Run(input).execute(network);
  }

  /** The state of one inference; the three axes are always (X, Y, Z), unused ones of size 1. */
  private final class Run {
    final Volume input;
    final int nsd;
    final int channels;
    final int[] img0 = {1, 1, 1}; // original spatial size
    final int[] img = {1, 1, 1}; // padded size
    final int[] roi = {1, 1, 1};
    final int[] padBefore = new int[3];
    final boolean anyPad;
    final int[][] starts;
    final int windows;
    final int threadCount;
    final float[] src;
    final int[][] srcOffset = new int[3][]; // padded coordinate -> source offset, or -1
    final float fill;

    Run(Volume input) {
      this.input = input;
      this.nsd = input.spatialRank();
      this.channels = input.channels();
      int[] sp = input.spatialShape();
      if (roiSize.length != 1 && roiSize.length != nsd) {
        throw new IllegalArgumentException(
            "roi_size " + Arrays.toString(roiSize) + " has " + roiSize.length
                + " values but the input " + Arrays.toString(input.shape()) + " has " + nsd
                + " spatial axes: give one value or " + nsd);
      }
      double[] ov = ImportanceMap.broadcast(overlap, nsd, "overlap");
      boolean pad = false;
      for (int d = 0; d < nsd; d++) {
        img0[d] = sp[d];
        int r = roiSize.length == 1 ? roiSize[0] : roiSize[d];
        roi[d] = r > 0 ? r : sp[d]; // MONAI's fall_back_tuple
        img[d] = Math.max(sp[d], roi[d]);
        int diff = Math.max(roi[d] - sp[d], 0);
        padBefore[d] = diff / 2;
        pad |= diff > 0;
        checkPad(d, padBefore[d], diff - diff / 2, sp[d]);
      }
      this.anyPad = pad;
      double[] ov3 = {0, 0, 0};
      System.arraycopy(ov, 0, ov3, 0, nsd);
      this.starts = windowStarts(img, roi, scanInterval(img, roi, ov3));
      this.windows = starts[0].length * starts[1].length * starts[2].length;
      this.threadCount = threads > 0 ? threads : Parallel.defaultThreads();
      this.src = input.asFloat32().floats();
      this.fill = (float) cval;
      int[] stride = {1, img0[0], img0[0] * img0[1]};
      for (int d = 0; d < 3; d++) {
        int[] m = new int[img[d]];
        for (int p = 0; p < img[d]; p++) {
          int s = sourceIndex(p - padBefore[d], img0[d]);
          m[p] = s < 0 ? -1 : s * stride[d];
        }
        srcOffset[d] = m;
      }
    }

    private void checkPad(int axis, int before, int after, int size) {
      String ax = "XYZ".substring(axis, axis + 1);
      if (paddingMode == PytorchPadMode.REFLECT && (before >= size || after >= size)) {
        throw new IllegalArgumentException(
            "padding_mode \"reflect\": roi " + roi[axis] + " pads axis " + ax + " of size " + size
                + " by (" + before + ", " + after + "); reflect padding must be smaller than the"
                + " size (as torch.nn.functional.pad); use \"replicate\" or \"constant\"");
      }
      if (paddingMode == PytorchPadMode.CIRCULAR && (before > size || after > size)) {
        throw new IllegalArgumentException(
            "padding_mode \"circular\": roi " + roi[axis] + " pads axis " + ax + " of size " + size
                + " by (" + before + ", " + after + "); circular padding must not exceed the size"
                + " (as torch.nn.functional.pad)");
      }
    }

    /** Source coordinate of original-image coordinate {@code i} (may be outside) or -1. */
    private int sourceIndex(int i, int n) {
      if (i >= 0 && i < n) {
        return i;
      }
      switch (paddingMode) {
        case REPLICATE:
          return i < 0 ? 0 : n - 1;
        case REFLECT:
          return i < 0 ? -i : 2 * (n - 1) - i;
        case CIRCULAR:
          return ((i % n) + n) % n;
        default:
          return -1;
      }
    }

    int[] windowStart(int w) {
      int n1 = starts[1].length;
      int n2 = starts[2].length;
      return new int[] {starts[0][w / (n1 * n2)], starts[1][(w / n2) % n1], starts[2][w % n2]};
    }

    List<Volume> execute(Network network) {
      int roiVox = roi[0] * roi[1] * roi[2];
      int perWindow = channels * roiVox;
      int slots = Math.min(swBatchSize, windows);
      ByteBuffer batch =
          ByteBuffer.allocateDirect(Math.multiplyExact(slots * 4, perWindow))
              .order(ByteOrder.nativeOrder());
      FloatBuffer batchFloats = batch.asFloatBuffer();
      float[] importance = ImportanceMap.compute(roi, mode, sigmaScale(nsd));
      List<Aggregate> outputs = new ArrayList<>();
      float[] outStaging = new float[0];
      for (int first = 0; first < windows; first += swBatchSize) {
        int n = Math.min(swBatchSize, windows - first);
        for (int b = 0; b < n; b++) {
          gather(windowStart(first + b), batchFloats, b * perWindow);
        }
        ByteBuffer view = batch.duplicate();
        view.position(0).limit(n * perWindow * 4);
        view = view.slice().order(ByteOrder.nativeOrder());
        int[] shape = new int[nsd + 2];
        shape[0] = n;
        shape[1] = channels;
        System.arraycopy(roi, 0, shape, 2, nsd);
        try (NetworkOutput out = network.forward(view, shape)) {
          if (out.size() < 1) {
            throw new IllegalStateException("the network returned no output");
          }
          // MONAI resizes the weights per output, starting from the previous output's weights
          float[] w = importance;
          int[] wShape = roi.clone();
          for (int k = 0; k < out.size(); k++) {
            int[] os = out.shape(k);
            if (os.length != nsd + 2 || os[0] != n) {
              throw new IllegalStateException(
                  "network output " + k + " has shape " + Arrays.toString(os) + " for a batch of "
                      + "shape " + Arrays.toString(shape) + "; sliding-window inference needs (" + n
                      + ", C', spatial...) with " + nsd + " spatial axes");
            }
            int[] seg = {1, 1, 1};
            System.arraycopy(os, 2, seg, 0, nsd);
            if (!Arrays.equals(seg, roi)) {
              if (!Arrays.equals(seg, wShape)) {
                w = interpolateNearestExact(w, wShape, seg);
                wShape = seg;
              }
            }
            if (!Arrays.equals(seg, wShape)) {
              throw new IllegalStateException(
                  "network output " + k + " has spatial size " + Arrays.toString(seg) + " but the"
                      + " previous output's weights are " + Arrays.toString(wShape) + " (MONAI"
                      + " fails the same way)");
            }
            if (outputs.size() <= k) {
              outputs.add(new Aggregate(os[1], seg));
            }
            Aggregate agg = outputs.get(k);
            agg.check(os[1], seg, k);
            int len = n * os[1] * seg[0] * seg[1] * seg[2];
            if (outStaging.length < len) {
              outStaging = new float[len];
            }
            out.data(k).get(0, outStaging, 0, len);
            float[] wt = agg.weightsInOurLayout(w);
            for (int b = 0; b < n; b++) {
              agg.scatter(windowStart(first + b), outStaging, b, w, wt);
            }
          }
        }
      }
      List<Volume> result = new ArrayList<>(outputs.size());
      for (Aggregate a : outputs) {
        result.add(a.finish());
      }
      return result;
    }

    private double[] sigmaScale(int nd) {
      double[] s = ImportanceMap.broadcast(sigmaScale, nd, "sigma_scale");
      double[] r = {0.125, 0.125, 0.125};
      System.arraycopy(s, 0, r, 0, nd);
      return r;
    }

    /**
     * Copies window {@code start} (padded coordinates) into {@code dst} at {@code base} in the
     * model's layout (C, X, Y, Z) C order, transposing from medbeam's X-fastest layout.
     */
    void gather(int[] start, FloatBuffer dst, int base) {
      final int rx = roi[0];
      final int ry = roi[1];
      final int rz = roi[2];
      final int xyz = img0[0] * img0[1] * img0[2];
      final int[] offX = srcOffset[0];
      final int[] offY = srcOffset[1];
      final int[] offZ = srcOffset[2];
      final int sx = start[0];
      final int sy = start[1];
      final int sz = start[2];
      Parallel.forRange(
          channels * ry,
          threadCount,
          (from, to) -> {
            // a TILE x TILE block goes through this buffer: rows of the source (x runs) are read
            // whole, rows of the destination (z runs) written whole, so no cache line is
            // fetched twice even when the strides alias (multiples of 4 KiB)
            float[] tile = new float[TILE * TILE];
            for (int cy = from; cy < to; cy++) {
              int c = cy / ry;
              int y = cy % ry;
              int oy = offY[sy + y];
              int cOff = c * xyz;
              for (int zt = 0; zt < rz; zt += TILE) {
                int nz = Math.min(rz, zt + TILE) - zt;
                for (int xt = 0; xt < rx; xt += TILE) {
                  int nx = Math.min(rx, xt + TILE) - xt;
                  for (int j = 0; j < nz; j++) {
                    int oz = offZ[sz + zt + j];
                    if ((oz | oy) < 0) {
                      for (int i = 0; i < nx; i++) {
                        tile[i * TILE + j] = fill;
                      }
                      continue;
                    }
                    int row = cOff + oy + oz;
                    for (int i = 0; i < nx; i++) {
                      int ox = offX[sx + xt + i];
                      tile[i * TILE + j] = ox < 0 ? fill : src[row + ox];
                    }
                  }
                  // one bulk put per z run: element-wise puts into a direct buffer are slow
                  for (int i = 0; i < nx; i++) {
                    dst.put(base + ((c * rx + xt + i) * ry + y) * rz + zt, tile, i * TILE, nz);
                  }
                }
              }
            }
          });
    }

    /** One network output being blended: sums and weights over the cropped output grid. */
    final class Aggregate {
      final int outChannels;
      final int[] seg; // window output size
      final boolean zoom;
      final double[] z = {1, 1, 1};
      final int[] lo = new int[3]; // crop start in the full (padded) output grid
      final int[] size = new int[3]; // output size after crop
      final float[] sum;
      final float[] count;
      /**
       * Constant blending: every weight is 1, so a voxel's count is the number of windows over
       * it, the product of the per-axis coverage counts (an exact integer, as MONAI's sum of
       * ones), filled in up front instead of window by window.
       */
      final boolean countKnown;

      Aggregate(int outChannels, int[] seg) {
        this.outChannels = outChannels;
        this.seg = seg.clone();
        this.zoom = !Arrays.equals(seg, roi);
        int[] full = new int[3];
        for (int d = 0; d < 3; d++) {
          if (zoom) {
            z[d] = seg[d] / (double) roi[d];
          }
          full[d] = zoom ? (int) (img[d] * z[d]) : img[d];
        }
        for (int d = 0; d < 3; d++) {
          if (anyPad && d < nsd) {
            // MONAI: zoom_scale = output size / roi; slice(round(pad * s), round((pad + n) * s))
            double s = full[d] / (double) roi[d];
            int a = (int) Math.rint(padBefore[d] * s);
            int b = (int) Math.rint((padBefore[d] + img0[d]) * s);
            a = Math.max(0, Math.min(a, full[d]));
            b = Math.max(a, Math.min(b, full[d]));
            lo[d] = a;
            size[d] = b - a;
          } else {
            size[d] = full[d];
          }
        }
        long vox = (long) size[0] * size[1] * size[2];
        int v = Volume.checkedSize(vox * outChannels, new int[] {outChannels, size[0], size[1],
            size[2]});
        this.sum = new float[v];
        this.count = new float[(int) vox];
        this.countKnown = mode == BlendMode.CONSTANT;
        if (countKnown) {
          fillCoverageCounts();
        }
      }

      private void fillCoverageCounts() {
        int[][] cover = new int[3][];
        for (int d = 0; d < 3; d++) {
          cover[d] = new int[size[d]];
          for (int s0 : starts[d]) {
            int a = zoom ? (int) (s0 * z[d]) : s0;
            int e = zoom ? (int) ((s0 + roi[d]) * z[d]) : s0 + roi[d];
            for (int i = Math.max(a - lo[d], 0); i < Math.min(e - lo[d], size[d]); i++) {
              cover[d][i]++;
            }
          }
        }
        int i = 0;
        for (int zz = 0; zz < size[2]; zz++) {
          for (int yy = 0; yy < size[1]; yy++) {
            int cyz = cover[1][yy] * cover[2][zz];
            for (int xx = 0; xx < size[0]; xx++) {
              count[i++] = cover[0][xx] * cyz;
            }
          }
        }
      }

      private float[] weightsFrom;
      private float[] weightsOurs;

      /** The window weights (C order, model layout) transposed to X fastest; cached. */
      float[] weightsInOurLayout(float[] w) {
        if (w != weightsFrom) {
          int sx = seg[0];
          int sy = seg[1];
          int sz = seg[2];
          float[] t = new float[w.length];
          for (int x = 0; x < sx; x++) {
            for (int y = 0; y < sy; y++) {
              for (int z = 0; z < sz; z++) {
                t[x + sx * (y + sy * z)] = w[(x * sy + y) * sz + z];
              }
            }
          }
          weightsFrom = w;
          weightsOurs = t;
        }
        return weightsOurs;
      }

      void check(int c, int[] s, int k) {
        if (c != outChannels || !Arrays.equals(s, seg)) {
          throw new IllegalStateException(
              "network output " + k + " changed shape between batches: (" + outChannels + ", "
                  + Arrays.toString(seg) + ") then (" + c + ", " + Arrays.toString(s) + ")");
        }
      }

      /**
       * Adds window output {@code b} of {@code data} (C order, model layout) × the weights ({@code
       * w} in the model's layout, {@code wt} the same transposed to X fastest) at window {@code
       * start}, and the weights to the count map (unless the count map is precomputed).
       */
      void scatter(int[] start, float[] data, int b, float[] w, float[] wt) {
        final int[] d0 = new int[3];
        for (int d = 0; d < 3; d++) {
          int a;
          int e;
          if (zoom) {
            a = (int) (start[d] * z[d]);
            e = (int) ((start[d] + roi[d]) * z[d]);
          } else {
            a = start[d];
            e = start[d] + roi[d];
          }
          if (e - a != seg[d]) {
            throw new IllegalStateException(
                "window at " + Arrays.toString(Arrays.copyOf(start, nsd)) + " maps to output "
                    + "[" + a + ", " + e + ") along axis " + "XYZ".charAt(d) + " but the network "
                    + "returned " + seg[d] + " voxels there: choose roi_size and overlap so that "
                    + "overlap * roi_size * output/input size is an integer (MONAI fails here"
                    + " too)");
          }
          d0[d] = a - lo[d];
        }
        final int sx = seg[0];
        final int sy = seg[1];
        final int sz = seg[2];
        final int segVox = sx * sy * sz;
        final int outX = size[0];
        final int outXY = size[0] * size[1];
        final int outVox = outXY * size[2];
        final int x0 = Math.max(0, -d0[0]);
        final int x1 = Math.min(sx, outX - d0[0]);
        final int y0 = Math.max(0, -d0[1]);
        final int y1 = Math.min(sy, size[1] - d0[1]);
        final int z0 = Math.max(0, -d0[2]);
        final int z1 = Math.min(sz, size[2] - d0[2]);
        if (x1 <= x0 || y1 <= y0 || z1 <= z0) {
          return;
        }
        final int pBase = b * outChannels * segVox;
        final int syz = sy * sz;
        Parallel.forRange(
            y1 - y0,
            threadCount,
            (from, to) -> {
              // TILE x TILE blocks through a buffer, as in gather: window rows (z runs) are read
              // whole, output rows (x runs) written whole
              float[] tile = new float[TILE * TILE];
              for (int y = y0 + from; y < y0 + to; y++) {
                int dy = (d0[1] + y) * outX + d0[0];
                for (int zt = z0; zt < z1; zt += TILE) {
                  int nz = Math.min(z1, zt + TILE) - zt;
                  for (int xt = x0; xt < x1; xt += TILE) {
                    int nx = Math.min(x1, xt + TILE) - xt;
                    if (!countKnown) {
                      for (int j = 0; j < nz; j++) {
                        int dyz = dy + (d0[2] + zt + j) * outXY + xt;
                        int w0 = xt + sx * (y + sy * (zt + j));
                        for (int i = 0; i < nx; i++) {
                          count[dyz + i] += wt[w0 + i];
                        }
                      }
                    }
                    for (int c = 0; c < outChannels; c++) {
                      int pc = pBase + c * segVox + y * sz + zt;
                      for (int i = 0; i < nx; i++) {
                        int p = pc + (xt + i) * syz;
                        int w0 = (xt + i) * syz + y * sz + zt;
                        int t = i;
                        for (int j = 0; j < nz; j++) {
                          tile[t] = data[p + j] * w[w0 + j];
                          t += TILE;
                        }
                      }
                      int oc = c * outVox + dy + xt;
                      for (int j = 0; j < nz; j++) {
                        int d = oc + (d0[2] + zt + j) * outXY;
                        int t = j * TILE;
                        for (int i = 0; i < nx; i++) {
                          sum[d + i] += tile[t + i];
                        }
                      }
                    }
                  }
                }
              }
            });
      }

      Volume finish() {
        int vox = count.length;
        Parallel.forRange(
            outChannels,
            threadCount,
            (from, to) -> {
              for (int c = from; c < to; c++) {
                int o = c * vox;
                for (int i = 0; i < vox; i++) {
                  sum[o + i] /= count[i];
                }
              }
            });
        int[] shape = new int[nsd + 1];
        shape[0] = outChannels;
        System.arraycopy(size, 0, shape, 1, nsd);
        return input.withData(sum, DType.FLOAT32, shape);
      }
    }
  }

  /**
   * {@code torch.nn.functional.interpolate(mode="nearest-exact")} of a C-order map: source index
   * {@code min(floor((i + 0.5) × in / out), in - 1)} per axis, in float32 as PyTorch computes it.
   */
  static float[] interpolateNearestExact(float[] src, int[] inShape, int[] outShape) {
    int[][] idx = new int[3][];
    for (int d = 0; d < 3; d++) {
      float scale = (float) inShape[d] / outShape[d];
      idx[d] = new int[outShape[d]];
      for (int i = 0; i < outShape[d]; i++) {
        idx[d][i] = Math.min((int) Math.floor((i + 0.5f) * scale), inShape[d] - 1);
      }
    }
    float[] out = new float[outShape[0] * outShape[1] * outShape[2]];
    int o = 0;
    for (int x = 0; x < outShape[0]; x++) {
      for (int y = 0; y < outShape[1]; y++) {
        int base = (idx[0][x] * inShape[1] + idx[1][y]) * inShape[2];
        for (int z = 0; z < outShape[2]; z++) {
          out[o++] = src[base + idx[2][z]];
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "SlidingWindowInferer(roi_size=" + Arrays.toString(roiSize) + ", sw_batch_size="
        + swBatchSize + ", overlap=" + Arrays.toString(overlap) + ", mode="
        + mode.monaiName() + ", sigma_scale=" + Arrays.toString(sigmaScale) + ", padding_mode="
        + paddingMode.name().toLowerCase(Locale.ROOT) + ", cval=" + cval + ")";
  }
}
