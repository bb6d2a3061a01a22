package org.medbeam.io.numpy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ByteArrays;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageReader;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;
import org.medbeam.io.StridedCopy;

/**
 * Reads {@code .npy} and {@code .npz} arrays (MONAI's {@code NumpyReader}): C or Fortran order,
 * either byte order, bool/int/uint/float dtypes.
 *
 * <p>Axes: without {@code channelDim}, arrays of up to 3 dimensions are all spatial (MONAI's
 * "no_channel") and 4-dimensional arrays are channel-first {@code (C, X, Y, Z)}, the layout
 * {@link NumpyWriter} and {@code medbeam convert} write. With {@code channelDim} that axis becomes
 * the channel and the others stay spatial in order. An {@code .npz} reads the arrays named in
 * {@code npzKeys} (all, in file order, when empty); several arrays of one shape are stacked as
 * channels, as MONAI stacks them along a new first axis. Affine: identity (the format has none).
 */
public final class NumpyReader implements ImageReader {
  private static final long serialVersionUID = 1L;

  private final Integer channelDim;
  private final List<String> npzKeys;

  private NumpyReader(Integer channelDim, List<String> npzKeys) {
    this.channelDim = channelDim;
    this.npzKeys = npzKeys;
  }

  /** Reads with MONAI's defaults (for ServiceLoader; prefer {@link #create()}). */
  public NumpyReader() {
    this(null, List.of());
  }

  public static NumpyReader create() {
    return new NumpyReader();
  }

  /** The array axis holding channels (negative counts from the end). */
  public NumpyReader withChannelDim(int dim) {
    return new NumpyReader(dim, npzKeys);
  }

  /** For {@code .npz}: the arrays to read, in order. */
  public NumpyReader withNpzKeys(String... keys) {
    return new NumpyReader(channelDim, List.of(keys));
  }

  @Override
  public String name() {
    return "numpy";
  }

  @Override
  public boolean verifySuffix(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".npy") || n.endsWith(".npz");
  }

  @Override
  public boolean sniff(byte[] head, int length) {
    if (length >= 6 && head[0] == NpyHeader.MAGIC[0] && head[1] == 'N' && head[2] == 'U') {
      return true;
    }
    return length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  @Override
  public Volume read(ImageSource source, ReadLimits limits) throws ImageReadException {
    String file = source.name();
    try {
      if (source.fileName().toLowerCase(Locale.ROOT).endsWith(".npz")) {
        return readNpz(source, limits);
      }
      long size = source.size();
      if (size > limits.maxDecodedBytes()) {
        throw new ImageReadException(
            file, "file is " + size + " bytes, over the limit of " + limits.maxDecodedBytes());
      }
      byte[] bytes;
      try (InputStream in = source.open()) {
        bytes = readBounded(file, in, limits.maxDecodedBytes());
      }
      return toVolume(file, bytes, bytes.length, limits, Metadata.empty());
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageReadException(file, "cannot read NPY: " + e, e);
    }
  }

  private Volume readNpz(ImageSource source, ReadLimits limits) throws IOException {
    String file = source.name();
    List<Volume> arrays = new ArrayList<>();
    List<String> names = new ArrayList<>();
    long budget = limits.maxDecodedBytes();
    try (ZipInputStream zip = new ZipInputStream(source.open())) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String key = e.getName().endsWith(".npy")
            ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
        if (!npzKeys.isEmpty() && !npzKeys.contains(key)) {
          continue;
        }
        byte[] bytes = readBounded(file + "[" + key + "]", zip, budget);
        budget -= bytes.length;
        Volume v = toVolume(file + "[" + key + "]", bytes, bytes.length, limits, Metadata.empty());
        arrays.add(v);
        names.add(key);
      }
    }
    if (arrays.isEmpty()) {
      throw new ImageReadException(
          file, npzKeys.isEmpty() ? "the .npz archive holds no arrays"
              : "the .npz archive holds none of the keys " + npzKeys);
    }
    if (!npzKeys.isEmpty() && names.size() < npzKeys.size()) {
      List<String> missing = new ArrayList<>(npzKeys);
      missing.removeAll(names);
      throw new ImageReadException(file, "the .npz archive has no array named " + missing);
    }
    if (arrays.size() == 1) {
      return arrays.get(0).withMeta(Metadata.FILENAME, file);
    }
    return stackAsChannels(file, arrays, names);
  }

  private static Volume stackAsChannels(String file, List<Volume> arrays, List<String> names)
      throws ImageReadException {
    Volume first = arrays.get(0);
    int per = first.size();
    DType t = first.dtype();
    for (int i = 1; i < arrays.size(); i++) {
      Volume v = arrays.get(i);
      if (v.dtype() != t || !Arrays.equals(v.shape(), first.shape())) {
        throw new ImageReadException(
            file, "arrays " + names.get(0) + " and " + names.get(i) + " differ in shape or dtype ("
                + Arrays.toString(first.shape()) + " " + t.numpyName() + " vs "
                + Arrays.toString(v.shape()) + " " + v.dtype().numpyName()
                + "); read them one at a time with npz_keys");
      }
    }
    Object data = t.allocate(per * arrays.size());
    for (int i = 0; i < arrays.size(); i++) {
      System.arraycopy(arrays.get(i).array(), 0, data, i * per, per);
    }
    int[] shape = first.shape();
    shape[0] *= arrays.size();
    return Volume.wrap(data, t, shape, Affine.identity(), first.meta()
        .with(Metadata.FILENAME, file).with(Metadata.ORIGINAL_CHANNEL_DIM, 0), List.of());
  }

  static byte[] readBounded(String file, InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      total += r;
      if (total > max) {
        throw new ImageReadException(
            file, "decoded more than " + max + " bytes (the limit): archive bomb or huge array");
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  private Volume toVolume(String file, byte[] bytes, int length, ReadLimits limits, Metadata extra)
      throws ImageReadException {
    NpyHeader h = NpyHeader.parse(file, bytes, length);
    long count = h.elementCount();
    limits.check(file, count, h.dtype.byteSize(), "NPY shape " + Arrays.toString(h.shape));
    long need = count * h.dtype.byteSize();
    if (need > length - (long) h.dataOffset) {
      throw new ImageReadException(
          file, "NPY header claims " + need + " bytes of data (shape " + Arrays.toString(h.shape)
              + ", " + h.dtype.numpyName() + "); the file holds " + (length - h.dataOffset)
              + " — file truncated");
    }
    Object raw = ByteArrays.decode(bytes, h.dataOffset, (int) count, h.dtype, h.order);
    int n = h.shape.length;
    int channel;
    if (channelDim != null) {
      channel = channelDim < 0 ? n + channelDim : channelDim;
      if (channel < 0 || channel >= n) {
        throw new ImageReadException(
            file, "channel_dim " + channelDim + " is outside the array's " + n + " dimensions");
      }
    } else {
      channel = n == 4 ? 0 : -1;
    }
    int spatial = n - (channel >= 0 ? 1 : 0);
    if (n == 0) {
      throw new ImageReadException(file, "a 0-dimensional (scalar) array is not an image");
    }
    if (spatial < 1 || spatial > 3) {
      throw new ImageReadException(
          file, "array shape " + Arrays.toString(h.shape) + " has " + spatial
              + " spatial dimensions; images have 1 to 3 (give channel_dim for channels)");
    }
    long[] npyStrides = new long[n];
    long s = 1;
    if (h.fortranOrder) {
      for (int i = 0; i < n; i++) {
        npyStrides[i] = s;
        s *= h.shape[i];
      }
    } else {
      for (int i = n - 1; i >= 0; i--) {
        npyStrides[i] = s;
        s *= h.shape[i];
      }
    }
    int[] dims = new int[spatial + 1];
    long[] strides = new long[spatial + 1];
    int[] shape = new int[spatial + 1];
    int a = 0;
    for (int i = 0; i < n; i++) {
      if (i != channel) {
        dims[a] = h.shape[i];
        strides[a] = npyStrides[i];
        shape[a + 1] = h.shape[i];
        a++;
      }
    }
    dims[spatial] = channel >= 0 ? h.shape[channel] : 1;
    strides[spatial] = channel >= 0 ? npyStrides[channel] : 0;
    shape[0] = dims[spatial];
    boolean dense = true;
    long expect = 1;
    for (int i = 0; i <= spatial; i++) {
      if (dims[i] > 1 && strides[i] != expect) {
        dense = false;
      }
      expect *= dims[i];
    }
    Object data = dense ? raw : StridedCopy.gather(raw, dims, strides);
    Metadata meta = extra.toBuilder()
        .put(Metadata.FILENAME, file)
        .put(Metadata.FORMAT, "numpy")
        .put(Metadata.ORIGINAL_CHANNEL_DIM, channel >= 0 ? (Object) channel : "no_channel")
        .put(Metadata.SPATIAL_SHAPE, Arrays.copyOfRange(shape, 1, shape.length))
        .put(Metadata.ORIGINAL_AFFINE, Affine.identity().toArray())
        .put("fortran_order", h.fortranOrder)
        .put("byte_order", h.order == ByteOrder.BIG_ENDIAN ? ">" : "<")
        .build();
    return Volume.wrap(data, h.dtype, shape, Affine.identity(), meta, List.of());
  }

  @Override
  public String toString() {
    return "NumpyReader(channel_dim=" + channelDim + ", npz_keys=" + npzKeys + ")";
  }
}
