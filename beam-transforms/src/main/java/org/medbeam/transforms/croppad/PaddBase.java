package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.utility.KeyedTransform;

/** MONAI's {@code Padd}: one array padder applied per key, with a per-key {@code mode}. */
abstract class PaddBase extends KeyedTransform implements InvertibleMapTransform {
  private static final long serialVersionUID = 1L;

  final PadBase padder;
  private final List<String> modes;

  PaddBase(KeySelection keys, PadBase padder, List<String> modes) {
    super(keys);
    this.padder = padder;
    List<String> m = perKey("mode", modes == null ? List.of(padder.mode) : modes);
    for (String s : m) {
      Padding.checkMode(getClass().getSimpleName(), s);
    }
    this.modes = List.copyOf(m);
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return padder.apply(img, modes.get(keyIndex));
  }

  @Override
  public Sample inverse(Sample sample) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, padder.inverse(sample.volume(p.key)));
    }
    return out;
  }
}
