package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.Parallel;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MONAI's label-driven sampling helpers ({@code map_binary_to_indices}, {@code
 * map_classes_to_indices}, {@code generate_pos_neg_label_crop_centers}, {@code
 * generate_label_classes_crop_centers}, {@code correct_crop_centers}).
 *
 * <p><b>Index convention.</b> MONAI flattens the spatial frame in C order (last axis fastest), so
 * its foreground index {@code k} is the {@code k}-th foreground voxel of that order. Our storage is
 * the other way round (first axis fastest). A {@link Pool} therefore never builds the index list:
 * one flat pass in storage order writes a category byte per voxel and counts the hits per
 * <i>line</i> (all spatial axes but the last fixed), and the {@code k}-th index in C order is found
 * by walking the line counts in C order and scanning one line. The draws are MONAI's, the cost one
 * pass over the data. Explicit index lists ({@link #binaryToIndices}) use MONAI's C-order values,
 * so precomputed {@code FgBgToIndices} outputs agree with MONAI's number for number.
 */
public final class LabelIndices {
  private static final Logger LOG = LoggerFactory.getLogger(LabelIndices.class);

  private LabelIndices() {}

  // ------------------------------------------------------------------ pools

  /** A set of spatial positions to draw crop centres from, indexed in MONAI's C order. */
  public abstract static class Pool {
    /** Number of positions. */
    public abstract long size();

    /** The spatial coordinates of the {@code k}-th position in C order. */
    public abstract int[] coordinates(long k);
  }

  /** Positions given as C-order flat indices of a frame of shape {@code spatialShape}. */
  public static Pool explicit(long[] cOrderIndices, int[] spatialShape) {
    long[] idx = cOrderIndices.clone();
    int[] shape = spatialShape.clone();
    return new Pool() {
      @Override
      public long size() {
        return idx.length;
      }

      @Override
      public int[] coordinates(long k) {
        return unravelC(idx[(int) k], shape);
      }
    };
  }

  /**
   * The positions of {@code mask} whose byte equals {@code category}, with the per-line counts of
   * {@link #lineCounts}.
   */
  static final class MaskPool extends Pool {
    private final byte[] mask;
    private final byte category;
    private final int[] shape;
    private final int groups;
    private final int line;
    private final int[] counts;
    private final long total;

    MaskPool(byte[] mask, byte category, int[] shape, int[] counts) {
      this.mask = mask;
      this.category = category;
      this.shape = shape;
      this.groups = groupCount(shape);
      this.line = shape[shape.length - 1];
      this.counts = counts;
      long t = 0;
      for (int c : counts) {
        t += c;
      }
      this.total = t;
    }

    @Override
    public long size() {
      return total;
    }

    @Override
    public int[] coordinates(long k) {
      if (k < 0 || k >= total) {
        throw new IndexOutOfBoundsException("index " + k + " of " + total + " positions");
      }
      int r = shape.length;
      // walk the line groups in C order: the group axes (all but the last) with the first slowest
      long before = 0;
      int gs = -1;
      if (r == 1) {
        gs = 0;
      } else if (r == 2) {
        for (int x = 0; x < shape[0]; x++) {
          if (before + counts[x] > k) {
            gs = x;
            break;
          }
          before += counts[x];
        }
      } else {
        int nx = shape[0];
        outer:
        for (int x = 0; x < nx; x++) {
          for (int y = 0; y < shape[1]; y++) {
            int g = x + nx * y;
            if (before + counts[g] > k) {
              gs = g;
              break outer;
            }
            before += counts[g];
          }
        }
      }
      long want = k - before;
      for (int l = 0; l < line; l++) {
        if (mask[l * groups + gs] == category) {
          if (want == 0) {
            int[] c = new int[r];
            if (r == 1) {
              c[0] = l;
            } else if (r == 2) {
              c[0] = gs;
              c[1] = l;
            } else {
              c[0] = gs % shape[0];
              c[1] = gs / shape[0];
              c[2] = l;
            }
            return c;
          }
          want--;
        }
      }
      throw new IllegalStateException("line counts and mask disagree");
    }
  }

  static int groupCount(int[] shape) {
    int g = 1;
    for (int i = 0; i < shape.length - 1; i++) {
      g *= shape[i];
    }
    return g;
  }

  /**
   * Per-line counts of every category {@code 1..categories} of {@code mask}: {@code result[c-1][g]}
   * counts voxels of category {@code c} on the line of group {@code g} (storage index of the group
   * axes). One pass, parallel over groups.
   */
  static int[][] lineCounts(byte[] mask, int[] shape, int categories, int threads) {
    int groups = groupCount(shape);
    int line = shape[shape.length - 1];
    int[][] counts = new int[categories][groups];
    if (categories == 2) {
      int[] c1 = counts[0];
      int[] c2 = counts[1];
      Parallel.forRange(
          groups,
          threads,
          (s, e) -> {
            for (int l = 0; l < line; l++) {
              int base = l * groups;
              for (int g = s; g < e; g++) {
                int m = mask[base + g];
                c1[g] += m & 1;
                c2[g] += m >> 1;
              }
            }
          });
    } else {
      Parallel.forRange(
          groups,
          threads,
          (s, e) -> {
            for (int l = 0; l < line; l++) {
              int base = l * groups;
              for (int g = s; g < e; g++) {
                int m = mask[base + g] & 0xFF;
                if (m != 0 && m <= categories) {
                  counts[m - 1][g]++;
                }
              }
            }
          });
    }
    return counts;
  }

  // ------------------------------------------------------------------ binary (fg / bg)

  /** Foreground and background positions of a label (MONAI's {@code map_binary_to_indices}). */
  public static final class FgBg {
    public final Pool foreground;
    public final Pool background;

    FgBg(Pool fg, Pool bg) {
      this.foreground = fg;
      this.background = bg;
    }
  }

  /**
   * The category of a voxel in {@code map_binary_to_indices}: 1 where the label is foreground (any
   * channel nonzero; channels 1.. of a multi-channel, one-hot label), 2 where it is background and
   * (with an image) {@code any(image > image_threshold)}, 0 elsewhere. Read straight from the
   * volumes, so no mask is ever built.
   */
  static final class FgBgCategory {
    private final Volume label;
    private final int from;
    private final Volume image;
    private final double threshold;
    private final int n;

    FgBgCategory(Volume label, Volume image, double threshold) {
      this.label = label;
      this.from = label.channels() > 1 ? 1 : 0;
      this.image = image;
      this.threshold = threshold;
      this.n = label.voxelsPerChannel();
      if (image != null && image.voxelsPerChannel() != n) {
        throw new IllegalArgumentException(
            "image spatial shape "
                + Arrays.toString(image.spatialShape())
                + " differs from label spatial shape "
                + Arrays.toString(label.spatialShape()));
      }
    }

    int of(int i) {
      for (int c = from; c < label.channels(); c++) {
        if (label.getDouble(c * n + i) != 0) {
          return 1;
        }
      }
      if (image == null) {
        return 2;
      }
      float tf = (float) threshold;
      boolean dbl = image.dtype() == org.medbeam.core.DType.FLOAT64;
      for (int c = 0; c < image.channels(); c++) {
        double v = image.getDouble(c * n + i);
        if (dbl ? v > threshold : (float) v > tf) {
          return 2;
        }
      }
      return 0;
    }

    /**
     * Per-line counts of categories 1 and 2, one flat pass, parallel over line groups. Each row of
     * a thread's groups is first turned into foreground flags by a loop typed on the label's
     * storage (any channel nonzero), then counted against the image.
     */
    int[][] lineCounts(int[] shape, int threads) {
      int groups = groupCount(shape);
      int line = shape[shape.length - 1];
      int[] c1 = new int[groups];
      int[] c2 = new int[groups];
      float[] img =
          image != null
                  && image.dtype() == org.medbeam.core.DType.FLOAT32
                  && image.channels() == 1
              ? image.floats()
              : null;
      boolean generic = image != null && img == null;
      float tf = (float) threshold;
      Parallel.forRange(
          groups,
          threads,
          (s, e) -> {
            byte[] fg = new byte[e - s];
            for (int l = 0; l < line; l++) {
              int base = l * groups;
              java.util.Arrays.fill(fg, (byte) 0);
              for (int c = from; c < label.channels(); c++) {
                VoxelMasks.nonzeroRow(label, c * n + base + s, fg);
              }
              if (image == null) {
                for (int g = s; g < e; g++) {
                  int f = fg[g - s];
                  c1[g] += f;
                  c2[g] += 1 - f;
                }
              } else if (!generic) {
                // labels are mostly background and images spatially coherent: branches
                // predict well and only hits write
                for (int g = s; g < e; g++) {
                  if (fg[g - s] != 0) {
                    c1[g]++;
                  } else if (img[base + g] > tf) {
                    c2[g]++;
                  }
                }
              } else {
                for (int g = s; g < e; g++) {
                  if (fg[g - s] != 0) {
                    c1[g]++;
                  } else if (of(base + g) == 2) {
                    c2[g]++;
                  }
                }
              }
            }
          });
      return new int[][] {c1, c2};
    }
  }

  /** The positions of one category of an {@link FgBgCategory}, with per-line counts. */
  static final class CategoryPool extends Pool {
    private final FgBgCategory cat;
    private final int want;
    private final int[] shape;
    private final int groups;
    private final int line;
    private final int[] counts;
    private final long total;

    CategoryPool(FgBgCategory cat, int want, int[] shape, int[] counts) {
      this.cat = cat;
      this.want = want;
      this.shape = shape;
      this.groups = groupCount(shape);
      this.line = shape[shape.length - 1];
      this.counts = counts;
      long t = 0;
      for (int c : counts) {
        t += c;
      }
      this.total = t;
    }

    @Override
    public long size() {
      return total;
    }

    @Override
    public int[] coordinates(long k) {
      long[] where = locateGroup(shape, counts, k, total);
      int gs = (int) where[0];
      long remaining = where[1];
      for (int l = 0; l < line; l++) {
        if (cat.of(l * groups + gs) == want) {
          if (remaining == 0) {
            return coords(shape, gs, l);
          }
          remaining--;
        }
      }
      throw new IllegalStateException("line counts and volume disagree");
    }
  }

  /**
   * The line group (storage index) holding the {@code k}-th position in C order, and the rank of
   * the position within that line: {@code {group, rank}}.
   */
  static long[] locateGroup(int[] shape, int[] counts, long k, long total) {
    if (k < 0 || k >= total) {
      throw new IndexOutOfBoundsException("index " + k + " of " + total + " positions");
    }
    int r = shape.length;
    long before = 0;
    if (r == 1) {
      return new long[] {0, k};
    }
    if (r == 2) {
      for (int x = 0; x < shape[0]; x++) {
        if (before + counts[x] > k) {
          return new long[] {x, k - before};
        }
        before += counts[x];
      }
    } else {
      int nx = shape[0];
      for (int x = 0; x < nx; x++) {
        for (int y = 0; y < shape[1]; y++) {
          int g = x + nx * y;
          if (before + counts[g] > k) {
            return new long[] {g, k - before};
          }
          before += counts[g];
        }
      }
    }
    throw new IllegalStateException("line counts do not add up");
  }

  /** Spatial coordinates of position {@code l} on the line of group {@code gs}. */
  static int[] coords(int[] shape, int gs, int l) {
    int r = shape.length;
    int[] c = new int[r];
    if (r == 1) {
      c[0] = l;
    } else if (r == 2) {
      c[0] = gs;
      c[1] = l;
    } else {
      c[0] = gs % shape[0];
      c[1] = gs / shape[0];
      c[2] = l;
    }
    return c;
  }

  /**
   * Foreground/background pools: one flat pass counting per line, no index list and no mask; a
   * drawn index is found by walking the line counts and scanning one line.
   */
  public static FgBg fgBgPools(Volume label, Volume image, double imageThreshold, int threads) {
    FgBgCategory cat = new FgBgCategory(label, image, imageThreshold);
    int[] shape = label.spatialShape();
    int[][] counts = cat.lineCounts(shape, threads);
    return new FgBg(
        new CategoryPool(cat, 1, shape, counts[0]), new CategoryPool(cat, 2, shape, counts[1]));
  }

  /**
   * MONAI's {@code map_binary_to_indices}: {@code {foreground, background}} as C-order flat indices
   * of the spatial frame (the values MONAI returns). One counting pass, then one storage-order pass
   * writing each hit at its line's next C-order slot.
   */
  public static int[][] binaryToIndices(
      Volume label, Volume image, double imageThreshold, int threads) {
    FgBgCategory cat = new FgBgCategory(label, image, imageThreshold);
    int[] shape = label.spatialShape();
    int[][] counts = cat.lineCounts(shape, threads);
    int groups = groupCount(shape);
    int line = shape[shape.length - 1];
    int[][] out = new int[2][];
    long[][] cursor = new long[2][groups];
    for (int k = 0; k < 2; k++) {
      long pos = 0;
      int[] order = cOrderGroups(shape);
      for (int g : order) {
        cursor[k][g] = pos;
        pos += counts[k][g];
      }
      out[k] = new int[Math.toIntExact(pos)];
    }
    for (int l = 0; l < line; l++) {
      int base = l * groups;
      for (int g = 0; g < groups; g++) {
        int k = cat.of(base + g);
        if (k != 0) {
          out[k - 1][(int) cursor[k - 1][g]++] = cIndexOfGroup(shape, g) * line + l;
        }
      }
    }
    return out;
  }

  /** The line groups (storage indices) in C order. */
  static int[] cOrderGroups(int[] shape) {
    int groups = groupCount(shape);
    int[] order = new int[groups];
    if (shape.length == 3) {
      int p = 0;
      for (int x = 0; x < shape[0]; x++) {
        for (int y = 0; y < shape[1]; y++) {
          order[p++] = x + shape[0] * y;
        }
      }
    } else {
      for (int g = 0; g < groups; g++) {
        order[g] = g;
      }
    }
    return order;
  }

  /** The C-order index of a line group among the groups (the flat index of its line start / L). */
  static int cIndexOfGroup(int[] shape, int g) {
    if (shape.length == 3) {
      return (g % shape[0]) * shape[1] + g / shape[0];
    }
    return g;
  }

  /** All positions of one category in C order, line by line. */
  static int[] cOrderIndices(byte[] mask, byte category, int[] shape, int[] counts) {
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    int[] out = new int[Math.toIntExact(total)];
    int groups = groupCount(shape);
    int line = shape[shape.length - 1];
    int r = shape.length;
    int p = 0;
    int nx = r == 3 ? shape[0] : 1;
    int ny = r == 3 ? shape[1] : 1;
    int outerN = r == 1 ? 1 : shape[0];
    int innerN = r == 3 ? shape[1] : 1;
    for (int a = 0; a < outerN; a++) {
      for (int b = 0; b < innerN; b++) {
        int g = r == 3 ? a + nx * b : a;
        if (counts[g] == 0) {
          continue;
        }
        int cBase = (r == 3 ? (a * ny + b) : a) * line;
        for (int l = 0; l < line; l++) {
          if (mask[l * groups + g] == category) {
            out[p++] = cBase + l;
          }
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ classes

  /**
   * MONAI's {@code map_classes_to_indices} as pools: class {@code c} is channel {@code c} (nonzero)
   * of a one-hot label, or {@code label == c} of a single-channel label with {@code num_classes};
   * with an image, only positions where {@code any(image > image_threshold)}.
   */
  public static List<Pool> classPools(
      Volume label, Integer numClasses, Volume image, double imageThreshold, int threads) {
    int channels = label.channels();
    int k = classCount(channels, numClasses);
    int n = label.voxelsPerChannel();
    int[] shape = label.spatialShape();
    byte[] valid = null;
    if (image != null) {
      if (image.voxelsPerChannel() != n) {
        throw new IllegalArgumentException(
            "image spatial shape "
                + Arrays.toString(image.spatialShape())
                + " differs from label spatial shape "
                + Arrays.toString(shape));
      }
      valid = new byte[n];
      VoxelMasks.orGreater(image, imageThreshold, valid, (byte) 1, threads);
    }
    List<Pool> pools = new ArrayList<>(k);
    if (channels > 1) {
      for (int c = 0; c < k; c++) {
        byte[] mask = new byte[n];
        VoxelMasks.orNonzero(label, c, c + 1, mask, (byte) 1, threads);
        applyValid(mask, valid, threads);
        pools.add(new MaskPool(mask, (byte) 1, shape, lineCounts(mask, shape, 1, threads)[0]));
      }
      return pools;
    }
    if (k <= 254) {
      byte[] mask = new byte[n];
      for (int c = 0; c < k; c++) {
        VoxelMasks.setEqual(label, 0, c, mask, (byte) (c + 1), threads);
      }
      applyValid(mask, valid, threads);
      int[][] counts = lineCounts(mask, shape, k, threads);
      for (int c = 0; c < k; c++) {
        pools.add(new MaskPool(mask, (byte) (c + 1), shape, counts[c]));
      }
      return pools;
    }
    for (int c = 0; c < k; c++) {
      byte[] mask = new byte[n];
      VoxelMasks.setEqual(label, 0, c, mask, (byte) 1, threads);
      applyValid(mask, valid, threads);
      pools.add(new MaskPool(mask, (byte) 1, shape, lineCounts(mask, shape, 1, threads)[0]));
    }
    return pools;
  }

  private static int classCount(int channels, Integer numClasses) {
    if (channels == 1) {
      if (numClasses == null) {
        throw new IllegalArgumentException(
            "channels==1 indicates not using One-Hot format label, must provide num_classes");
      }
      if (numClasses < 1) {
        throw new IllegalArgumentException("num_classes must be >= 1, got " + numClasses);
      }
      return numClasses;
    }
    return channels;
  }

  private static void applyValid(byte[] mask, byte[] valid, int threads) {
    if (valid == null) {
      return;
    }
    Parallel.forRange(
        mask.length,
        threads,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            if (valid[i] == 0) {
              mask[i] = 0;
            }
          }
        });
  }

  /**
   * MONAI's {@code map_classes_to_indices}: one C-order index array per class, optionally
   * subsampled to {@code maxSamplesPerClass} entries at {@code round(linspace(0, n-1, max))}.
   */
  public static List<int[]> classesToIndices(
      Volume label,
      Integer numClasses,
      Volume image,
      double imageThreshold,
      Integer maxSamplesPerClass,
      int threads) {
    List<Pool> pools = classPools(label, numClasses, image, imageThreshold, threads);
    List<int[]> out = new ArrayList<>(pools.size());
    for (Pool p : pools) {
      MaskPool mp = (MaskPool) p;
      int[] idx = cOrderIndices(mp.mask, mp.category, mp.shape, mp.counts);
      if (maxSamplesPerClass != null
          && maxSamplesPerClass > 0
          && idx.length > maxSamplesPerClass
          && idx.length > 1) {
        int m = maxSamplesPerClass;
        int[] sub = new int[m];
        double step = m > 1 ? (double) (idx.length - 1) / (m - 1) : 0;
        for (int i = 0; i < m; i++) {
          // numpy linspace: start + i * step, the last value exactly stop; then np.round
          double v = i == m - 1 && m > 1 ? idx.length - 1 : i * step;
          sub[i] = idx[(int) Math.rint(v)];
        }
        idx = sub;
      }
      out.add(idx);
    }
    return out;
  }

  // ------------------------------------------------------------------ centres

  /** C-order unravel of a flat index over {@code shape}. */
  public static int[] unravelC(long index, int[] shape) {
    int[] c = new int[shape.length];
    long rem = index;
    for (int i = shape.length - 1; i >= 0; i--) {
      c[i] = (int) (rem % shape[i]);
      rem /= shape[i];
    }
    return c;
  }

  /** C-order flat index of coordinates over {@code shape}. */
  public static long ravelC(int[] coords, int[] shape) {
    long idx = 0;
    for (int i = 0; i < shape.length; i++) {
      idx = idx * shape[i] + coords[i];
    }
    return idx;
  }

  /**
   * MONAI's {@code correct_crop_centers}: moves a centre so the ROI of {@code spatialSize} fits in
   * {@code labelShape} (valid centres {@code [size // 2, uint16(shape + 1 - size / 2))}).
   *
   * @throws IllegalArgumentException when the ROI is larger than the image and {@code allowSmaller}
   *     is false
   */
  public static int[] correctCropCenters(
      int[] center, int[] spatialSize, int[] labelShape, boolean allowSmaller) {
    int r = labelShape.length;
    int[] size = Tuples.fallBack("correct_crop_centers", "spatial_size", spatialSize, labelShape);
    boolean larger = false;
    for (int i = 0; i < r; i++) {
      larger |= labelShape[i] - size[i] < 0;
    }
    if (larger) {
      if (!allowSmaller) {
        throw new IllegalArgumentException(
            "The size of the proposed random crop ROI is larger than the image size, got ROI size "
                + Arrays.toString(size)
                + " and label image size "
                + Arrays.toString(labelShape)
                + " respectively (set allow_smaller=true to crop what fits)");
      }
      for (int i = 0; i < r; i++) {
        size[i] = Math.min(labelShape[i], size[i]);
      }
    }
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int validStart = Math.floorDiv(size[i], 2);
      // numpy: (shape + 1 - size / 2.0).astype(uint16): truncation toward zero of a double
      int validEnd = (int) (labelShape[i] + 1 - size[i] / 2.0) & 0xFFFF;
      if (validStart == validEnd) {
        validEnd += 1;
      }
      out[i] = Math.min(Math.max(center[i], validStart), validEnd - 1);
    }
    return out;
  }

  /**
   * MONAI's {@code generate_pos_neg_label_crop_centers}: per sample one {@code rand() < pos_ratio}
   * (foreground or background) then one {@code randint(len(indices))}, the centre corrected by
   * {@link #correctCropCenters}.
   */
  public static int[][] posNegCenters(
      int[] spatialSize,
      int numSamples,
      double posRatio,
      int[] labelShape,
      Pool fg,
      Pool bg,
      RandomState random,
      boolean allowSmaller) {
    if (fg.size() == 0 && bg.size() == 0) {
      throw new IllegalArgumentException(
          "No sampling location available: the label has no foreground and no valid background");
    }
    double ratio = posRatio;
    if (fg.size() == 0 || bg.size() == 0) {
      ratio = fg.size() == 0 ? 0 : 1;
      LOG.warn(
          "Num foregrounds {}, Num backgrounds {}, unable to generate class balanced samples, "
              + "setting pos_ratio to {}",
          fg.size(),
          bg.size(),
          ratio);
    }
    int[][] centers = new int[numSamples][];
    for (int i = 0; i < numSamples; i++) {
      Pool use = random.rand() < ratio ? fg : bg;
      long k = random.randint(use.size());
      centers[i] = correctCropCenters(use.coordinates(k), spatialSize, labelShape, allowSmaller);
    }
    return centers;
  }

  /**
   * MONAI's {@code generate_label_classes_crop_centers}: all classes drawn first with {@code
   * choice(len(ratios), size=num_samples, p=ratios / sum(ratios))} (classes without positions get
   * ratio 0), then per sample one {@code randint(len(indices[class]))}.
   */
  public static int[][] classCenters(
      int[] spatialSize,
      int numSamples,
      int[] labelShape,
      List<Pool> indices,
      double[] ratios,
      RandomState random,
      boolean allowSmaller,
      boolean warn) {
    if (numSamples < 1) {
      throw new IllegalArgumentException(
          "num_samples must be an int number and greater than 0, got " + numSamples);
    }
    double[] r = new double[indices.size()];
    if (ratios == null) {
      Arrays.fill(r, 1);
    } else {
      if (ratios.length != indices.size()) {
        throw new IllegalArgumentException(
            "random crop ratios must match the number of indices of classes, got "
                + ratios.length
                + " and "
                + indices.size());
      }
      System.arraycopy(ratios, 0, r, 0, r.length);
    }
    for (double v : r) {
      if (v < 0) {
        throw new IllegalArgumentException(
            "ratios should not contain negative number, got " + Arrays.toString(r));
      }
    }
    for (int i = 0; i < r.length; i++) {
      if (indices.get(i).size() == 0 && r[i] != 0) {
        r[i] = 0;
        if (warn) {
          LOG.warn("no available indices of class {} to crop, setting the crop ratio to zero", i);
        }
      }
    }
    double sum = 0;
    for (double v : r) {
      sum += v;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException(
          "no class has both a positive ratio and positions to crop around (ratios "
              + Arrays.toString(r)
              + ")");
    }
    double[] p = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      p[i] = r[i] / sum;
    }
    int[] classes = new int[numSamples];
    for (int i = 0; i < numSamples; i++) {
      classes[i] = random.choice(p);
    }
    int[][] centers = new int[numSamples][];
    for (int i = 0; i < numSamples; i++) {
      Pool use = indices.get(classes[i]);
      long k = random.randint(use.size());
      centers[i] = correctCropCenters(use.coordinates(k), spatialSize, labelShape, allowSmaller);
    }
    return centers;
  }
}
