package org.medbeam.transforms.post;

import java.util.List;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code Activationsd}: {@link Activations} per key; {@code sigmoid}, {@code softmax} and
 * {@code other} are one setting for every key or one per key.
 */
public final class Activationsd extends Postd {
  private static final long serialVersionUID = 1L;

  public Activationsd(
      KeySelection keys,
      List<Boolean> sigmoid,
      List<Boolean> softmax,
      List<Activations.VoxelFunction> other) {
    super(keys, build(keys, sigmoid, softmax, other));
  }

  private static Transform[] build(
      KeySelection keys,
      List<Boolean> sigmoid,
      List<Boolean> softmax,
      List<Activations.VoxelFunction> other) {
    List<Boolean> sg = keys.broadcast("Activationsd: sigmoid", sigmoid);
    List<Boolean> sm = keys.broadcast("Activationsd: softmax", softmax);
    List<Activations.VoxelFunction> ot = keys.broadcast("Activationsd: other", other);
    Transform[] t = new Transform[keys.keys().size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = new Activations(sg.get(i), sm.get(i), ot.get(i));
    }
    return t;
  }
}
