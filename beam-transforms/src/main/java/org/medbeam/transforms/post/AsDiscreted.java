package org.medbeam.transforms.post;

import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code AsDiscreted}: {@link AsDiscrete} per key; {@code argmax}, {@code to_onehot},
 * {@code threshold} and {@code rounding} are one setting for every key or one per key.
 */
public final class AsDiscreted extends Postd {
  private static final long serialVersionUID = 1L;

  public AsDiscreted(
      KeySelection keys,
      List<Boolean> argmax,
      List<Integer> toOnehot,
      List<Double> threshold,
      List<String> rounding,
      boolean keepdim,
      DType dtype) {
    super(keys, build(keys, argmax, toOnehot, threshold, rounding, keepdim, dtype));
  }

  private static Transform[] build(
      KeySelection keys,
      List<Boolean> argmax,
      List<Integer> toOnehot,
      List<Double> threshold,
      List<String> rounding,
      boolean keepdim,
      DType dtype) {
    List<Boolean> a = keys.broadcast("AsDiscreted: argmax", argmax);
    List<Integer> o = keys.broadcast("AsDiscreted: to_onehot", toOnehot);
    List<Double> t = keys.broadcast("AsDiscreted: threshold", threshold);
    List<String> r = keys.broadcast("AsDiscreted: rounding", rounding);
    Transform[] out = new Transform[keys.keys().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new AsDiscrete(a.get(i), o.get(i), t.get(i), r.get(i), keepdim, dtype);
    }
    return out;
  }
}
