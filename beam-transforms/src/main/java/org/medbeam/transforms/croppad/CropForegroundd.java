package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code CropForegroundd}: the box of {@link CropForeground} computed once on {@code
 * source_key}, every key cropped (and padded with its per-key {@code mode}) to it; the box is
 * stored under {@code start_coord_key}/{@code end_coord_key} (null to skip), as MONAI does.
 */
public final class CropForegroundd implements MapTransform, InvertibleMapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final String sourceKey;
  private final CropForeground cropper;
  private final List<String> modes;
  private final String startCoordKey;
  private final String endCoordKey;

  public CropForegroundd(
      KeySelection keys,
      String sourceKey,
      CropForeground cropper,
      List<String> modes,
      String startCoordKey,
      String endCoordKey) {
    if (keys == null) {
      throw new IllegalArgumentException("CropForegroundd: keys must be given");
    }
    if (sourceKey == null || sourceKey.isEmpty()) {
      throw new IllegalArgumentException("CropForegroundd: source_key must be given");
    }
    this.keys = keys;
    this.sourceKey = sourceKey;
    this.cropper = cropper == null ? new CropForeground() : cropper;
    List<String> m =
        keys.broadcast("CropForegroundd: mode", modes == null ? List.of("constant") : modes);
    for (String s : m) {
      Padding.checkMode("CropForegroundd", s);
    }
    this.modes = List.copyOf(m);
    this.startCoordKey = startCoordKey;
    this.endCoordKey = endCoordKey;
  }

  /** MONAI's defaults: coordinates under {@code foreground_start_coord}/{@code _end_coord}. */
  public CropForegroundd(KeySelection keys, String sourceKey, CropForeground cropper) {
    this(keys, sourceKey, cropper, null, "foreground_start_coord", "foreground_end_coord");
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    int[][] box = cropper.computeBoundingBox(sample.volume(sourceKey), context.threads());
    Sample out = sample;
    if (startCoordKey != null) {
      out = out.with(startCoordKey, box[0]);
    }
    if (endCoordKey != null) {
      out = out.with(endCoordKey, box[1]);
    }
    for (KeySelection.Present p : keys.present(sample)) {
      out =
          out.with(
              p.key, cropper.cropPad(sample.volume(p.key), box[0], box[1], modes.get(p.index)));
    }
    return out;
  }

  @Override
  public Sample inverse(Sample sample) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, Inversion.undoTop(sample.volume(p.key), "CropForeground", null));
    }
    return out;
  }

  @Override
  public String toString() {
    return "CropForegroundd(" + keys + ", source_key=" + sourceKey + ", " + cropper + ")";
  }
}
