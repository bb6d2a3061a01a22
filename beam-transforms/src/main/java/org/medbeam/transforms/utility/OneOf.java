package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.MultiSampleTransform;
import org.medbeam.transforms.RandomizableTrait;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code OneOf}: applies one of its dictionary transforms, chosen with probabilities {@code
 * weights} (normalised; default equal) by {@code multinomial(1, weights).argmax()} on the sample's
 * generator ({@link Multinomial}, numpy's draw). The chosen transform runs in the child context of
 * its index. Like MONAI, every volume of the result records {@code OneOf} with the chosen {@code
 * index}, which {@link #inverse} reads to undo the right transform.
 */
public final class OneOf
    implements MultiSampleTransform, InvertibleMapTransform, RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private final List<MapTransform> transforms;
  private final double[] weights;

  public OneOf(List<? extends MapTransform> transforms, double[] weights) {
    this.transforms = List.copyOf(transforms);
    int n = transforms.size();
    double[] w;
    if (n == 0) {
      w = new double[0];
    } else if (weights == null) {
      w = new double[n];
      Arrays.fill(w, 1.0 / n);
    } else {
      if (weights.length != n) {
        throw new IllegalArgumentException(
            "OneOf: transforms and weights should be same size if both specified as sequences, "
                + "got "
                + weights.length
                + " and "
                + n);
      }
      double s = 0;
      boolean allZero = true;
      for (double v : weights) {
        if (v < 0 || Double.isNaN(v)) {
          throw new IllegalArgumentException(
              "OneOf: Probabilities must be greater than or equal to zero, got "
                  + Arrays.toString(weights));
        }
        allZero &= v == 0;
        s += v;
      }
      if (allZero) {
        throw new IllegalArgumentException(
            "OneOf: At least one probability must be greater than zero, got "
                + Arrays.toString(weights));
      }
      w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = weights[i] / s;
      }
    }
    this.weights = w;
  }

  public List<MapTransform> transforms() {
    return transforms;
  }

  /** The normalised weights. */
  public double[] weights() {
    return weights.clone();
  }

  /** The index MONAI's {@code R.multinomial(1, weights).argmax()} draws. */
  public int draw(RandomState random) {
    return Multinomial.drawOne(random, weights);
  }

  @Override
  public List<Sample> applyMulti(Sample sample, TransformContext context) {
    if (transforms.isEmpty()) {
      return List.of(sample);
    }
    return applyMulti(sample, draw(context.random(sample)), context);
  }

  /** Applies transform {@code index} (in its child context) and records the choice. */
  public List<Sample> applyMulti(Sample sample, int index, TransformContext context) {
    MapTransform t = transforms.get(index);
    TransformContext c = context.child(index);
    List<Sample> out;
    if (t instanceof Compose) {
      out = ((Compose) t).applyAll(sample, c);
    } else if (t instanceof MultiSampleTransform) {
      out = ((MultiSampleTransform) t).applyMulti(sample, c);
    } else {
      out = List.of(t.apply(sample, c));
    }
    List<Sample> recorded = new ArrayList<>(out.size());
    for (Sample s : out) {
      Sample r = s;
      for (Map.Entry<String, Object> e : s.asMap().entrySet()) {
        if (e.getValue() instanceof Volume) {
          Volume v = (Volume) e.getValue();
          r =
              r.with(
                  e.getKey(),
                  v.pushOperation(
                      AppliedOperation.of("OneOf", v.spatialShape(), Metadata.of("index", index))));
        }
      }
      recorded.add(r);
    }
    return recorded;
  }

  @Override
  public Sample inverse(Sample sample) {
    if (transforms.isEmpty()) {
      return sample;
    }
    Integer index = null;
    Sample d = sample;
    for (Map.Entry<String, Object> e : sample.asMap().entrySet()) {
      if (e.getValue() instanceof Volume) {
        Volume v = (Volume) e.getValue();
        AppliedOperation top = v.peekOperation();
        if (top != null && top.className().equals("OneOf")) {
          index = (int) top.extraInfo().getLong("index", -1);
          d = d.with(e.getKey(), v.popOperation());
        }
      }
    }
    if (index == null) {
      throw new IllegalStateException(
          "OneOf.inverse: no volume of sample '" + sample.id() + "' records a OneOf choice");
    }
    MapTransform t = transforms.get(index);
    if (t instanceof Compose) {
      return ((Compose) t).inverse(d);
    }
    if (t instanceof InvertibleMapTransform) {
      return ((InvertibleMapTransform) t).inverse(d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "OneOf(" + transforms + ", weights=" + Arrays.toString(weights) + ")";
  }
}
