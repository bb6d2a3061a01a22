package org.medbeam.transforms.intensity;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code GaussianSmoothd}: {@link GaussianSmooth} on every key. */
public final class GaussianSmoothd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public GaussianSmoothd(KeySelection keys, double[] sigma, String approx) {
    super(keys, new GaussianSmooth(sigma, approx));
  }
}
