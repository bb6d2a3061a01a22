package org.medbeam.model.networks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves weights between a MONAI network and its medbeam twin by MONAI's parameter names, through a
 * {@link TensorBundle}. On the Python side take {@code named_parameters()} then the float {@code
 * named_buffers()} (not {@code state_dict()}, which repeats modules shared under several names,
 * e.g. DynUNet's {@code skip_layers}):
 *
 * <pre>{@code
 * entries = list(net.named_parameters()) + [(n, b) for n, b in net.named_buffers()
 *                                           if b.is_floating_point()]
 * # write each t.detach().numpy().astype("<f4") into one .bin, and names, shapes and byte
 * # offsets into the .json (see src/test/resources/networks/make_fixtures.py, write_bundle)
 * }</pre>
 *
 * <p>{@code num_batches_tracked} (an integer counter) is not carried.
 *
 * <p>The block must be initialised (its arrays allocated) before {@link #load}.
 */
public final class MonaiWeights {
  private MonaiWeights() {}

  /**
   * Copies every tensor of {@code bundle} into the parameter or buffer of the same MONAI name.
   *
   * @param strict when true, a name missing on either side is an error (PyTorch's {@code
   *     load_state_dict(strict=True)}); when false, unmatched names are skipped
   * @return the names that were loaded
   */
  public static List<String> load(Block network, TensorBundle bundle, boolean strict) {
    Map<String, Parameter> target = NamedParameters.stateDict(network);
    List<String> loaded = new ArrayList<>();
    Set<String> unexpected = new LinkedHashSet<>();
    for (TensorBundle.Entry e : bundle.tensors().values()) {
      Parameter p = target.get(e.name());
      if (p == null) {
        unexpected.add(e.name());
        continue;
      }
      Shape want = p.getShape();
      if (!want.equals(new Shape(e.shape()))) {
        throw new IllegalArgumentException(
            "size mismatch for "
                + e.name()
                + ": the bundle has shape "
                + Arrays.toString(e.shape())
                + ", the network "
                + want);
      }
      if (!p.isInitialized()) {
        throw new IllegalStateException(
            "parameter "
                + e.name()
                + " is not initialised; call block.initialize(...) or trainer.initialize(...)"
                + " first");
      }
      p.getArray().set(e.data());
      loaded.add(e.name());
    }
    if (strict) {
      Set<String> missing = new LinkedHashSet<>(target.keySet());
      missing.removeAll(loaded);
      if (!missing.isEmpty() || !unexpected.isEmpty()) {
        throw new IllegalArgumentException(
            "Error(s) in loading state_dict: missing keys "
                + missing
                + ", unexpected keys "
                + unexpected);
      }
    }
    return loaded;
  }

  /** Reads the bundle at {@code stem} and {@link #load}s it. */
  public static List<String> load(Block network, Path stem, boolean strict) throws IOException {
    return load(network, TensorBundle.read(stem), strict);
  }

  /** The network's parameters and buffers as a bundle in {@code state_dict()} order. */
  public static TensorBundle export(Block network) {
    List<TensorBundle.Entry> out = new ArrayList<>();
    Map<String, Parameter> params = NamedParameters.of(network);
    for (Map.Entry<String, Parameter> e : NamedParameters.stateDict(network).entrySet()) {
      NDArray a = e.getValue().getArray();
      out.add(
          new TensorBundle.Entry(
              e.getKey(),
              a.getShape().getShape(),
              a.toFloatArray(),
              params.containsKey(e.getKey()) ? "parameter" : "buffer"));
    }
    return TensorBundle.of(out);
  }
}
