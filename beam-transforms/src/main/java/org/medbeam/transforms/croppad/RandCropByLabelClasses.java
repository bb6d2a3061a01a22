package org.medbeam.transforms.croppad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.utility.LabelIndices;
import org.medbeam.transforms.utility.Tuples;

/**
 * MONAI's {@code RandCropByLabelClasses}: {@code num_samples} crops centred on voxels of classes
 * drawn with probabilities {@code ratios} (default equal; a class without voxels gets 0). The label
 * is one-hot ({@code C > 1}: class = channel) or holds class numbers ({@code C = 1} with {@code
 * num_classes}); an image restricts centres to {@code image > image_threshold}. All classes are
 * drawn first ({@code choice(size=num_samples)}), then one {@code randint} per sample, as MONAI's
 * {@code generate_label_classes_crop_centers}. Precomputed {@code indices} (one C-order array per
 * class, {@code ClassesToIndices}) skip the label pass.
 */
public final class RandCropByLabelClasses
    implements RandomizableTransform<int[][]>, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final int[] spatialSize;
  private final double[] ratios;
  private final Volume label;
  private final Integer numClasses;
  private final int numSamples;
  private final Volume image;
  private final double imageThreshold;
  private final List<long[]> indices;
  private final boolean allowSmaller;
  private final boolean warn;
  private final Integer maxSamplesPerClass;

  public RandCropByLabelClasses(
      int[] spatialSize,
      double[] ratios,
      Volume label,
      Integer numClasses,
      int numSamples,
      Volume image,
      double imageThreshold,
      List<long[]> indices,
      boolean allowSmaller,
      boolean warn,
      Integer maxSamplesPerClass) {
    this.spatialSize = Tuples.nonEmpty("RandCropByLabelClasses", "spatial_size", spatialSize);
    if (ratios != null) {
      for (double r : ratios) {
        if (r < 0 || Double.isNaN(r)) {
          throw new IllegalArgumentException(
              "RandCropByLabelClasses: ratios should not contain negative number, got "
                  + Arrays.toString(ratios));
        }
      }
    }
    if (numSamples < 1) {
      throw new IllegalArgumentException(
          "RandCropByLabelClasses: num_samples must be an int number and greater than 0, got "
              + numSamples);
    }
    this.ratios = ratios == null ? null : ratios.clone();
    this.label = label;
    this.numClasses = numClasses;
    this.numSamples = numSamples;
    this.image = image;
    this.imageThreshold = imageThreshold;
    this.indices = indices == null ? null : copy(indices);
    this.allowSmaller = allowSmaller;
    this.warn = warn;
    this.maxSamplesPerClass = maxSamplesPerClass;
  }

  private static List<long[]> copy(List<long[]> l) {
    List<long[]> out = new ArrayList<>();
    for (long[] a : l) {
      out.add(a.clone());
    }
    return out;
  }

  public int numSamples() {
    return numSamples;
  }

  @Override
  public int[][] randomize(RandomState random, Volume img) {
    return randomize(random, label, image, null, 1);
  }

  /** MONAI's {@code randomize(label, indices, image)}; nulls fall back to construction values. */
  public int[][] randomize(
      RandomState random, Volume labelArg, Volume imageArg, List<long[]> indicesArg, int threads) {
    Volume lab = labelArg != null ? labelArg : label;
    Volume im = imageArg != null ? imageArg : image;
    List<long[]> idx = indicesArg != null ? indicesArg : indices;
    int[] shape;
    if (lab != null) {
      shape = lab.spatialShape();
    } else if (im != null) {
      shape = im.spatialShape();
    } else {
      throw new IllegalArgumentException(
          "RandCropByLabelClasses: label or image must be provided to infer the output spatial "
              + "shape");
    }
    List<LabelIndices.Pool> pools = new ArrayList<>();
    if (idx == null) {
      if (lab == null) {
        throw new IllegalArgumentException("RandCropByLabelClasses: label must not be None");
      }
      if (maxSamplesPerClass != null) {
        for (int[] a :
            LabelIndices.classesToIndices(
                lab, numClasses, im, imageThreshold, maxSamplesPerClass, threads)) {
          long[] l = new long[a.length];
          for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
          }
          pools.add(LabelIndices.explicit(l, shape));
        }
      } else {
        pools = LabelIndices.classPools(lab, numClasses, im, imageThreshold, threads);
      }
    } else {
      for (long[] a : idx) {
        pools.add(LabelIndices.explicit(a, shape));
      }
    }
    return LabelIndices.classCenters(
        spatialSize, numSamples, shape, pools, ratios, random, allowSmaller, warn);
  }

  @Override
  public Volume apply(Volume img, int[][] centers) {
    return applyMulti(img, centers).get(0);
  }

  public List<Volume> applyMulti(Volume img, int[][] centers) {
    return RandCropByPosNegLabel.cropAll(img, centers, spatialSize, "RandCropByLabelClasses");
  }

  public List<Volume> applyMulti(Volume img, RandomState random) {
    return applyMulti(img, randomize(random, img));
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "RandCropByLabelClasses", null);
  }
}
