package org.medbeam.model.networks.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only vectors of ones and zeros that kernels take as their "no affine" weight and bias,
 * cached per (device, type, length) in a manager of their own that lives as long as the class, so a
 * forward pass does not allocate and fill them again and again. Never modified. Only lengths up to
 * {@link #MAX_CACHED} are cached (one entry per patch size in practice); longer ones are cheap
 * relative to the work on them and are allocated per call.
 */
final class Constants {
  /** Longest cached vector (elements). */
  static final long MAX_CACHED = 1L << 21;

  private static final Map<String, NDArray> CACHE = new ConcurrentHashMap<>();
  private static final Map<Device, NDManager> MANAGERS = new ConcurrentHashMap<>();

  private Constants() {}

  /** {@code ones(len)} on {@code like}'s device and type. */
  static NDArray ones(NDArray like, long len) {
    return get(like, len, 1f);
  }

  /** {@code zeros(len)} on {@code like}'s device and type. */
  static NDArray zeros(NDArray like, long len) {
    return get(like, len, 0f);
  }

  private static NDArray get(NDArray like, long len, float value) {
    Device device = like.getDevice();
    DataType type = like.getDataType();
    String key = device + "/" + type + "/" + len + "/" + value;
    return CACHE.computeIfAbsent(
        key,
        k -> {
          NDManager m =
              MANAGERS.computeIfAbsent(
                  device, d -> like.getManager().getEngine().newBaseManager(d));
          return m.full(new Shape(len), value, type);
        });
  }
}
