package org.medbeam.workflows.train.handlers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medbeam.model.NetworkFolder;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.TensorBundle;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.Workflow;

/**
 * MONAI's {@code CheckpointLoader(load_path, load_dict, strict, strict_shape)}: at {@link
 * Events#STARTED} (after initialisation) loads weights into the engine's network by MONAI
 * parameter name, from a {@link NetworkFolder} ({@code network.json} + {@code weights.*}) or a
 * {@link TensorBundle} stem.
 *
 * <p>{@code strict}: every name must match both ways. {@code strictShape = false} (which implies
 * non-strict, as in MONAI) skips tensors whose shape differs — transfer learning onto a network
 * with, say, another number of output classes. {@link #loaded()} and {@link #skipped()} say what
 * happened.
 */
public final class CheckpointLoader implements Handler {
  private final Path path;
  private final boolean strict;
  private final boolean strictShape;
  private final List<String> loaded = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  public CheckpointLoader(Path path, boolean strict, boolean strictShape) {
    this.path = path;
    this.strictShape = strictShape;
    this.strict = strict && strictShape;
  }

  @Override
  public void attach(Workflow engine) {
    engine.addEventHandler(Events.STARTED, e -> load(e));
  }

  /** Names loaded in the last load. */
  public List<String> loaded() {
    return List.copyOf(loaded);
  }

  /** Names skipped in the last load, each with the reason. */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  void load(Workflow engine) {
    loaded.clear();
    skipped.clear();
    TensorBundle bundle;
    try {
      Path stem = Files.isDirectory(path) ? path.resolve(NetworkFolder.WEIGHTS) : path;
      bundle = TensorBundle.read(stem);
    } catch (IOException ex) {
      throw new UncheckedIOException("CheckpointLoader: cannot read " + path + ": "
          + ex.getMessage(), ex);
    }
    Map<String, Parameter> target = NamedParameters.stateDict(engine.network());
    Set<String> unexpected = new LinkedHashSet<>();
    List<String> mismatched = new ArrayList<>();
    for (TensorBundle.Entry e : bundle.tensors().values()) {
      Parameter p = target.get(e.name());
      if (p == null) {
        unexpected.add(e.name());
        skipped.add(e.name() + " (not in the network)");
        continue;
      }
      Shape want = p.getArray().getShape();
      if (!want.equals(new Shape(e.shape()))) {
        mismatched.add(e.name() + ": checkpoint " + Arrays.toString(e.shape()) + ", network "
            + want);
        skipped.add(e.name() + " (shape " + Arrays.toString(e.shape()) + " vs " + want + ")");
        continue;
      }
      p.getArray().set(e.data());
      loaded.add(e.name());
    }
    Set<String> missing = new LinkedHashSet<>(target.keySet());
    missing.removeAll(loaded);
    mismatched.forEach(m -> missing.remove(m.substring(0, m.indexOf(':'))));
    if (strictShape && !mismatched.isEmpty()) {
      throw new IllegalArgumentException("CheckpointLoader " + path + ": size mismatch for "
          + mismatched + "; set strict_shape=false to skip them");
    }
    if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
      throw new IllegalArgumentException("CheckpointLoader " + path + ": missing keys " + missing
          + ", unexpected keys " + unexpected + "; set strict=false to skip them");
    }
  }
}
