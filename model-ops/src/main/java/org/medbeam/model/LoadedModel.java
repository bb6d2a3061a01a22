package org.medbeam.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A model loaded through DJL's PyTorch engine, on one device: thread-safe to share; each thread
 * runs it through its own {@link #newPredictor() Predictor}. Inputs and outputs are raw {@code
 * NDList}s (DJL's {@code NoopTranslator}).
 *
 * <p>Native memory: every array a caller creates for one step belongs to a {@link #newScope()
 * scope} that the caller closes when the step ends; the arrays the model returns are attached to
 * the scope of its input.
 */
public final class LoadedModel implements AutoCloseable {
  private final ModelSpec spec;
  private final Path path;
  private final Device device;
  private final ZooModel<NDList, NDList> model;

  private LoadedModel(ModelSpec spec, Path path, Device device, ZooModel<NDList, NDList> model) {
    this.spec = spec;
    this.path = path;
    this.device = device;
    this.model = model;
  }

  /** Fetches (see {@link ModelFiles}) and loads {@code spec}; the caller owns the result. */
  static LoadedModel load(ModelSpec spec) {
    return load(spec, ModelFiles.getDefault());
  }

  static LoadedModel load(ModelSpec spec, ModelFiles files) {
    DjlRuntime.engine();
    Path path = files.resolve(spec.uri());
    Device device = spec.device().resolve();
    Criteria.Builder<NDList, NDList> b =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine(DjlRuntime.ENGINE)
            .optDevice(device)
            .optTranslator(new NoopTranslator())
            // a TorchScript saved on a GPU machine loads onto this model's device
            .optOption("mapLocation", "true");
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (NetworkFolder.isFolder(path) || NetworkFolder.isZip(path)) {
      try {
        Path dir = Files.isDirectory(path) ? path : NetworkFolder.unpack(path, files.cacheRoot());
        return new LoadedModel(spec, path, device,
            NetworkFolder.load(dir, device, spec.modelName() == null ? "network"
                : spec.modelName()));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot load model " + spec.uri() + " (" + path + ") on " + device + ": "
                + e.getMessage(),
            e);
      }
    }
    if (Files.isDirectory(path)) {
      b.optModelPath(path);
    } else if (name.endsWith(".zip") || name.endsWith(".tar.gz") || name.endsWith(".tgz")
        || name.endsWith(".tar")) {
      b.optModelUrls(path.toUri().toString());
    } else if (name.endsWith(".pt") || name.endsWith(".ts") || name.endsWith(".torchscript")) {
      b.optModelPath(path);
    } else if (name.endsWith(".pth")) {
      throw new IllegalArgumentException(
          "model " + spec.uri() + ": a .pth file is usually a state_dict, which needs the Python"
              + " class; export the network with torch.jit.trace/torch.jit.script and save it as"
              + " .pt");
    } else {
      throw new IllegalArgumentException(
          "model " + spec.uri() + ": unknown format; expected TorchScript (.pt, .ts,"
              + " .torchscript), a DJL model directory, or a .zip/.tar.gz/.tgz/.tar archive of"
              + " one");
    }
    if (spec.modelName() != null) {
      b.optModelName(spec.modelName());
    }
    for (Map.Entry<String, String> a : spec.arguments().entrySet()) {
      b.optArgument(a.getKey(), a.getValue());
    }
    try {
      ZooModel<NDList, NDList> m = b.build().loadModel();
      return new LoadedModel(spec, path, device, m);
    } catch (ModelNotFoundException | MalformedModelException | IOException e) {
      throw new IllegalArgumentException(
          "cannot load model " + spec.uri() + " (" + path + ") on " + device + ": "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot load model " + spec.uri() + " (" + path + ") on " + device + ": "
              + e.getMessage(),
          e);
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The local file or directory the model was loaded from. */
  public Path path() {
    return path;
  }

  /** The device the model runs on. */
  public Device device() {
    return device;
  }

  /** The DJL model (its manager owns the weights). */
  public ZooModel<NDList, NDList> djlModel() {
    return model;
  }

  /** A predictor for the calling thread; close it when the thread is done. */
  public Predictor<NDList, NDList> newPredictor() {
    return model.newPredictor();
  }

  /**
   * A fresh native-memory scope on the model's device, a child of the model's manager: create the
   * step's arrays in it and close it when the step ends.
   */
  public NDManager newScope() {
    return model.getNDManager().newSubManager(device);
  }

  /** Frees the model's native memory. Never call on a model obtained from {@link ModelCache}. */
  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "LoadedModel(" + spec.uri() + " on " + device + ")";
  }
}
