package org.medbeam.core;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A channel-first image, MONAI's {@code MetaTensor}: shape {@code (C, X, Y[, Z])}, typed storage,
 * a RAS affine, header metadata and the stack of applied spatial operations.
 *
 * <p>Voxels are stored flat with the first spatial index fastest and the channel slowest: {@code
 * offset = x + X*(y + Y*(z + Z*c))}, the order NIfTI and DICOM store them. The storage is a Java
 * primitive array of the dtype's width ({@link DType#arrayClass()}); unsigned types are read back
 * unsigned.
 *
 * <p>A {@code Volume} is immutable by contract: {@link #array()} and the typed accessors return the
 * backing array without copying, for speed, and callers must never write to it. Every {@code
 * with...} method returns a new volume that may share the (never modified) storage.
 */
@DefaultCoder(VolumeCoder.class)
public final class Volume {
  private final DType dtype;
  private final int[] shape;
  private final Object data;
  private final Affine affine;
  private final Metadata meta;
  private final List<AppliedOperation> appliedOperations;

  private Volume(
      DType dtype,
      int[] shape,
      Object data,
      Affine affine,
      Metadata meta,
      List<AppliedOperation> appliedOperations) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
    this.affine = affine;
    this.meta = meta;
    this.appliedOperations = appliedOperations;
  }

  /**
   * Wraps storage without copying; the caller hands the array over and must not touch it again.
   *
   * @param data a primitive array of {@code dtype.arrayClass()} with exactly {@code prod(shape)}
   *     elements
   * @param shape channel-first, {@code (C, X[, Y[, Z]])}
   */
  public static Volume wrap(Object data, DType dtype, int[] shape, Affine affine) {
    return wrap(data, dtype, shape, affine, Metadata.empty(), Collections.emptyList());
  }

  public static Volume wrap(
      Object data,
      DType dtype,
      int[] shape,
      Affine affine,
      Metadata meta,
      List<AppliedOperation> appliedOperations) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(data, "data");
    int[] s = checkShape(shape);
    if (data.getClass() != dtype.arrayClass()) {
      throw new IllegalArgumentException(
          "dtype " + dtype.numpyName() + " is stored in " + dtype.arrayClass().getSimpleName()
              + ", got " + data.getClass().getSimpleName());
    }
    long n = elementCount(s);
    int len = Array.getLength(data);
    if (len != n) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(s) + " holds " + n + " elements but the array has " + len);
    }
    return new Volume(
        dtype,
        s,
        data,
        Objects.requireNonNull(affine, "affine"),
        Objects.requireNonNull(meta, "meta"),
        Collections.unmodifiableList(new ArrayList<>(appliedOperations)));
  }

  /** A float32 volume with the identity affine (handy in tests and small programs). */
  public static Volume of(float[] data, int... shape) {
    return wrap(data, DType.FLOAT32, shape, Affine.identity());
  }

  /** Zero-filled volume of the given type and shape. */
  public static Volume zeros(DType dtype, int[] shape, Affine affine) {
    long n = elementCount(checkShape(shape));
    return wrap(dtype.allocate(checkedSize(n, shape)), dtype, shape, affine);
  }

  /** The number of elements of a shape, as a long. */
  public static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code n} as an array length, or an error naming the shape when it does not fit. */
  public static int checkedSize(long n, int[] shape) {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n
              + " elements, more than one Java array can (2^31 - 9)");
    }
    return (int) n;
  }

  private static int[] checkShape(int[] shape) {
    Objects.requireNonNull(shape, "shape");
    if (shape.length < 2 || shape.length > 4) {
      throw new IllegalArgumentException(
          "shape must be channel-first (C, X[, Y[, Z]]), 2 to 4 values; got "
              + Arrays.toString(shape));
    }
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
    return shape.clone();
  }

  // ---------------------------------------------------------------- copies with changes

  /** Same metadata, affine and operations, new storage (ownership passes to the volume). */
  public Volume withData(Object newData, DType newType, int[] newShape) {
    return wrap(newData, newType, newShape, affine, meta, appliedOperations);
  }

  public Volume withAffine(Affine newAffine) {
    return new Volume(dtype, shape, data, Objects.requireNonNull(newAffine), meta, appliedOperations);
  }

  public Volume withMeta(Metadata newMeta) {
    return new Volume(dtype, shape, data, affine, Objects.requireNonNull(newMeta), appliedOperations);
  }

  public Volume withMeta(String key, Object value) {
    return withMeta(meta.with(key, value));
  }

  public Volume withAppliedOperations(List<AppliedOperation> ops) {
    return new Volume(
        dtype, shape, data, affine, meta, Collections.unmodifiableList(new ArrayList<>(ops)));
  }

  /** A copy with {@code op} pushed on the applied-operations stack. */
  public Volume pushOperation(AppliedOperation op) {
    List<AppliedOperation> ops = new ArrayList<>(appliedOperations);
    ops.add(op);
    return new Volume(dtype, shape, data, affine, meta, Collections.unmodifiableList(ops));
  }

  /** The most recent applied operation, or {@code null}. */
  public AppliedOperation peekOperation() {
    return appliedOperations.isEmpty() ? null : appliedOperations.get(appliedOperations.size() - 1);
  }

  /** A copy without the most recent applied operation. */
  public Volume popOperation() {
    if (appliedOperations.isEmpty()) {
      throw new IllegalStateException("no applied operation to pop");
    }
    return withAppliedOperations(appliedOperations.subList(0, appliedOperations.size() - 1));
  }

  // ---------------------------------------------------------------- geometry

  public DType dtype() {
    return dtype;
  }

  /** Channel-first shape {@code (C, X[, Y[, Z]])}, a copy. */
  public int[] shape() {
    return shape.clone();
  }

  public int shape(int axis) {
    return shape[axis];
  }

  public int channels() {
    return shape[0];
  }

  /** Number of spatial axes (1 to 3). */
  public int spatialRank() {
    return shape.length - 1;
  }

  public int[] spatialShape() {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** Elements per channel. */
  public int voxelsPerChannel() {
    return (int) (elementCount(shape) / Math.max(1, shape[0]));
  }

  /** Total number of elements. */
  public int size() {
    return Array.getLength(data);
  }

  public Affine affine() {
    return affine;
  }

  public Metadata meta() {
    return meta;
  }

  public List<AppliedOperation> appliedOperations() {
    return appliedOperations;
  }

  /** Voxel sizes in mm from the affine (column norms), one per spatial axis. */
  public double[] spacing() {
    return affine.spacing(spatialRank());
  }

  /** Orientation codes of the spatial axes from the affine, e.g. {@code "RAS"}. */
  public String axcodes() {
    return affine.axcodes(spatialRank());
  }

  // ---------------------------------------------------------------- storage

  /** The backing array (not a copy; never modify it). */
  public Object array() {
    return data;
  }

  public byte[] bytes() {
    return typed(byte[].class);
  }

  public short[] shorts() {
    return typed(short[].class);
  }

  public int[] ints() {
    return typed(int[].class);
  }

  public long[] longs() {
    return typed(long[].class);
  }

  public float[] floats() {
    return typed(float[].class);
  }

  public double[] doubles() {
    return typed(double[].class);
  }

  private <T> T typed(Class<T> cls) {
    if (data.getClass() != cls) {
      throw new IllegalStateException(
          "volume is " + dtype.numpyName() + " (" + data.getClass().getSimpleName()
              + "), not " + cls.getSimpleName());
    }
    return cls.cast(data);
  }

  /** The value at a flat index, unsigned types read unsigned. */
  public double getDouble(int index) {
    switch (dtype) {
      case UINT8:
        return ((byte[]) data)[index] & 0xFF;
      case INT8:
        return ((byte[]) data)[index];
      case UINT16:
        return ((short[]) data)[index] & 0xFFFF;
      case INT16:
        return ((short[]) data)[index];
      case UINT32:
        return ((int[]) data)[index] & 0xFFFFFFFFL;
      case INT32:
        return ((int[]) data)[index];
      case UINT64:
        return unsignedLongToDouble(((long[]) data)[index]);
      case INT64:
        return ((long[]) data)[index];
      case FLOAT32:
        return ((float[]) data)[index];
      default:
        return ((double[]) data)[index];
    }
  }

  /** The value at (channel, x, y, z); unused trailing indices are 0. */
  public double get(int c, int x, int y, int z) {
    int xs = shape.length > 1 ? shape[1] : 1;
    int ys = shape.length > 2 ? shape[2] : 1;
    int zs = shape.length > 3 ? shape[3] : 1;
    return getDouble(x + xs * (y + ys * (z + zs * c)));
  }

  static double unsignedLongToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1);
  }

  /** All values converted to float (a new array; float32 storage is copied too). */
  public float[] toFloatArray() {
    int n = size();
    float[] out = new float[n];
    switch (dtype) {
      case FLOAT32:
        System.arraycopy(data, 0, out, 0, n);
        break;
      case INT16:
        {
          short[] s = (short[]) data;
          for (int i = 0; i < n; i++) {
            out[i] = s[i];
          }
          break;
        }
      case UINT8:
        {
          byte[] s = (byte[]) data;
          for (int i = 0; i < n; i++) {
            out[i] = s[i] & 0xFF;
          }
          break;
        }
      case UINT16:
        {
          short[] s = (short[]) data;
          for (int i = 0; i < n; i++) {
            out[i] = s[i] & 0xFFFF;
          }
          break;
        }
      default:
        for (int i = 0; i < n; i++) {
          out[i] = (float) getDouble(i);
        }
    }
    return out;
  }

  /** All values converted to double (a new array). */
  public double[] toDoubleArray() {
    int n = size();
    double[] out = new double[n];
    if (dtype == DType.FLOAT64) {
      System.arraycopy(data, 0, out, 0, n);
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = getDouble(i);
      }
    }
    return out;
  }

  /** This volume as float32: itself when already float32, else a converted copy. */
  public Volume asFloat32() {
    return dtype == DType.FLOAT32 ? this : withData(toFloatArray(), DType.FLOAT32, shape);
  }

  /**
   * A copy converted to {@code target} as numpy's {@code astype} does for in-range values: floats
   * to integers truncate toward zero. Out-of-range values saturate to the type's range and NaN
   * becomes 0 (numpy leaves these undefined; saturation keeps labels sane).
   */
  public Volume astype(DType target) {
    if (target == dtype) {
      return this;
    }
    int n = size();
    Object out = target.allocate(n);
    for (int i = 0; i < n; i++) {
      store(out, target, i, getDouble(i));
    }
    if (dtype == DType.INT64 || dtype == DType.UINT64) {
      // 64-bit integers: go through long to keep every bit when the target is also integral
      if (target.isInteger() && target.byteSize() == 8) {
        System.arraycopy(data, 0, out, 0, n);
      }
    }
    return withData(out, target, shape);
  }

  /** Writes {@code v} into storage of type {@code t} at {@code i}, with {@link #astype} rules. */
  public static void store(Object storage, DType t, int i, double v) {
    if (t.isFloating()) {
      if (t == DType.FLOAT32) {
        ((float[]) storage)[i] = (float) v;
      } else {
        ((double[]) storage)[i] = v;
      }
      return;
    }
    double c = Double.isNaN(v) ? 0 : Math.max(t.minValue(), Math.min(t.maxValue(), v));
    switch (t) {
      case UINT8:
      case INT8:
        ((byte[]) storage)[i] = (byte) (long) c;
        break;
      case UINT16:
      case INT16:
        ((short[]) storage)[i] = (short) (long) c;
        break;
      case UINT32:
      case INT32:
        ((int[]) storage)[i] = (int) (long) c;
        break;
      case UINT64:
        ((long[]) storage)[i] = c >= 9.223372036854775807E18 ? doubleToUnsignedLong(c) : (long) c;
        break;
      default:
        ((long[]) storage)[i] = (long) c;
    }
  }

  private static long doubleToUnsignedLong(double c) {
    if (c >= 18446744073709551615.0) {
      return -1L;
    }
    return ((long) (c / 2)) << 1;
  }

  // ---------------------------------------------------------------- equality

  /** Same dtype, shape and bit-identical values (metadata, affine and operations not compared). */
  public boolean sameVoxels(Volume o) {
    return dtype == o.dtype && Arrays.equals(shape, o.shape) && Objects.deepEquals(data, o.data);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Volume)) {
      return false;
    }
    Volume v = (Volume) o;
    return sameVoxels(v)
        && affine.equals(v.affine)
        && meta.equals(v.meta)
        && appliedOperations.equals(v.appliedOperations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), affine, size());
  }

  @Override
  public String toString() {
    return "Volume(" + dtype.numpyName() + " " + Arrays.toString(shape) + ", affine=" + affine
        + (appliedOperations.isEmpty() ? "" : ", applied_operations=" + appliedOperations) + ")";
  }
}
