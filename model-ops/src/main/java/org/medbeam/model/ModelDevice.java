package org.medbeam.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a model runs: {@code auto} (a GPU when DJL's PyTorch engine finds one, else the CPU),
 * {@code cpu}, or {@code gpu[:index]} (an error when there is none). MONAI's {@code sw_device}.
 */
public final class ModelDevice implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds of device request. */
  public enum Kind {
    AUTO,
    CPU,
    GPU
  }

  private static final ModelDevice AUTO = new ModelDevice(Kind.AUTO, -1);
  private static final ModelDevice CPU = new ModelDevice(Kind.CPU, -1);

  private final Kind kind;
  private final int index;

  private ModelDevice(Kind kind, int index) {
    this.kind = kind;
    this.index = index;
  }

  public static ModelDevice auto() {
    return AUTO;
  }

  public static ModelDevice cpu() {
    return CPU;
  }

  /** GPU {@code index} (0-based). */
  public static ModelDevice gpu(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("device: GPU index must be >= 0, got " + index);
    }
    return new ModelDevice(Kind.GPU, index);
  }

  /**
   * Parses {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}, {@code cuda}, {@code cuda:N}
   * (case-insensitive).
   */
  public static ModelDevice parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "device must be one of auto, cpu, gpu, gpu:N, cuda, cuda:N; got null");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("auto")) {
      return AUTO;
    }
    if (t.equals("cpu")) {
      return CPU;
    }
    for (String prefix : new String[] {"gpu", "cuda"}) {
      if (t.equals(prefix)) {
        return gpu(0);
      }
      if (t.startsWith(prefix + ":")) {
        try {
          return gpu(Integer.parseInt(t.substring(prefix.length() + 1)));
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException(
        "device must be one of auto, cpu, gpu, gpu:N, cuda, cuda:N; got '" + text + "'");
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The DJL device this request means on this machine. {@code auto} picks GPU 0 when the PyTorch
   * engine reports a GPU, else the CPU.
   */
  public Device resolve() {
    switch (kind) {
      case CPU:
        return Device.cpu();
      case GPU:
        {
          int n = DjlRuntime.engine().getGpuCount();
          if (index >= n) {
            throw new IllegalStateException(
                "device " + this + " requested but DJL's PyTorch engine sees " + n
                    + " GPU(s); use device 'cpu' or 'auto', or run with a CUDA build of"
                    + " pytorch-native and a visible GPU");
          }
          return Device.gpu(index);
        }
      default:
        {
          Engine e = DjlRuntime.engine();
          return e.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ModelDevice)) {
      return false;
    }
    ModelDevice d = (ModelDevice) o;
    return kind == d.kind && index == d.index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, index);
  }

  @Override
  public String toString() {
    return kind == Kind.GPU ? "gpu:" + index : kind.name().toLowerCase(Locale.ROOT);
  }
}
