package org.medbeam.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What model to run and where: an immutable, serializable description that travels with a
 * pipeline (the loaded model never does; workers load it in {@code @Setup} through {@link
 * ModelCache}).
 *
 * <p>The URI is a local path or {@code file:} URI, a {@code classpath:/...} resource, or a {@code
 * gs://bucket/object} (downloaded once into a local cache keyed by the object's generation and
 * checked against its CRC32C). The model is
 *
 * <ul>
 *   <li>TorchScript ({@code .pt}, {@code .ts}, {@code .torchscript}): what {@code
 *       torch.jit.trace}/{@code torch.jit.script} writes from a MONAI network, or
 *   <li>DJL's own packaging: a model directory or a {@code .zip}/{@code .tar.gz}/{@code
 *       .tgz}/{@code .tar} archive of one (TorchScript inside, or DJL {@code .params} with a {@code
 *       blockFactory} argument naming an {@code ai.djl.nn.BlockFactory} class), or
 *   <li>a medbeam network folder or {@code .zip} ({@link NetworkFolder}: {@code network.json}, a
 *       MONAI Bundle-style network spec, plus its weights), what {@code medbeam train} writes.
 * </ul>
 *
 * <p>Model inputs and outputs are raw tensors ({@code NDList}): medbeam keeps the medical logic in
 * its transforms and inferers, not in a DJL {@code Translator}.
 */
public final class ModelSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String uri;
  private final ModelDevice device;
  private final String modelName;
  private final TreeMap<String, String> arguments;

  private ModelSpec(
      String uri, ModelDevice device, String modelName, TreeMap<String, String> arguments) {
    this.uri = uri;
    this.device = device;
    this.modelName = modelName;
    this.arguments = arguments;
  }

  /** A model at {@code uri}, on device {@code auto}. */
  public static ModelSpec of(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(
          "model uri must be a path, file: URI, classpath:/resource or gs://bucket/object; got "
              + (uri == null ? "null" : "'" + uri + "'"));
    }
    if (uri.startsWith("gs://") && (uri.length() <= 5 || uri.indexOf('/', 5) <= 5
        || uri.endsWith("/"))) {
      throw new IllegalArgumentException(
          "model uri '" + uri + "' must name an object: gs://bucket/path/to/model.pt");
    }
    if (uri.startsWith("classpath:") && uri.length() <= "classpath:/".length()) {
      throw new IllegalArgumentException(
          "model uri '" + uri + "' must name a resource: classpath:/path/to/model.pt");
    }
    return new ModelSpec(uri.trim(), ModelDevice.auto(), null, new TreeMap<>());
  }

  /** Runs the model on {@code device} ({@code auto}: a GPU when DJL finds one, else CPU). */
  public ModelSpec withDevice(ModelDevice newDevice) {
    return new ModelSpec(uri, Objects.requireNonNull(newDevice, "device"), modelName, arguments);
  }

  /** {@link #withDevice(ModelDevice)} from {@code auto}, {@code cpu}, {@code gpu[:N]}. */
  public ModelSpec withDevice(String newDevice) {
    return withDevice(ModelDevice.parse(newDevice));
  }

  /**
   * The model's name inside a DJL model directory/archive (the file {@code <name>.pt} or {@code
   * <name>-0000.params}); by default DJL's rule (the directory name, or the single model file).
   */
  public ModelSpec withModelName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("modelName must be a non-empty string, got '" + name
          + "'");
    }
    return new ModelSpec(uri, device, name, arguments);
  }

  /**
   * A DJL loading argument passed to {@code Criteria.optArgument} (e.g. {@code blockFactory},
   * {@code mapLocation}, {@code extraFiles}).
   */
  public ModelSpec withArgument(String key, String value) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("argument name must be a non-empty string");
    }
    TreeMap<String, String> a = new TreeMap<>(arguments);
    a.put(key, Objects.requireNonNull(value, "value of argument " + key));
    return new ModelSpec(uri, device, modelName, a);
  }

  public String uri() {
    return uri;
  }

  public ModelDevice device() {
    return device;
  }

  /** The model name, or null for DJL's default. */
  public String modelName() {
    return modelName;
  }

  public Map<String, String> arguments() {
    return Collections.unmodifiableMap(arguments);
  }

  /** Loads a model owned by the caller (closes it); in pipelines use {@link ModelCache}. */
  public LoadedModel load() {
    return LoadedModel.load(this);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ModelSpec)) {
      return false;
    }
    ModelSpec s = (ModelSpec) o;
    return uri.equals(s.uri)
        && device.equals(s.device)
        && Objects.equals(modelName, s.modelName)
        && arguments.equals(s.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, device, modelName, arguments);
  }

  @Override
  public String toString() {
    return "ModelSpec(" + uri + ", device=" + device
        + (modelName == null ? "" : ", modelName=" + modelName)
        + (arguments.isEmpty() ? "" : ", arguments=" + arguments) + ")";
  }
}
