package org.medbeam.io.dicom;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageReader;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;

/**
 * Reads one DICOM file into a volume, MONAI's {@code PydicomReader} on a single file: a
 * single-frame image is {@code (C, X, Y)}, a multi-frame one {@code (C, X, Y, F)} with frames in
 * file order as the third spatial axis; X = columns, Y = rows; colour (RGB, YBR converted to RGB,
 * palette colour looked up) as 3 channels. The modality LUT is applied (float32) when it is not
 * the identity, as for series. The affine is RAS; a single frame's third column is the identity's,
 * as MONAI's.
 *
 * <p>Name {@code "dicom"}; suffixes {@code .dcm} and {@code .dicom}; {@link #canRead} also
 * recognises files without a suffix by their {@code DICM} marker. To assemble a series of files
 * into one volume use {@link DicomSeriesReader}.
 */
public final class DicomFileReader implements ImageReader {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "dicom";
  }

  @Override
  public boolean verifySuffix(String fileName) {
    String f = fileName.toLowerCase(Locale.ROOT);
    return f.endsWith(".dcm") || f.endsWith(".dicom");
  }

  /** By suffix, or else by content ({@code DICM} at byte 128, or a bare data set). */
  public boolean canRead(ImageSource source) {
    return verifySuffix(source.fileName()) || DicomFile.isDicom(source);
  }

  @Override
  public boolean sniff(byte[] head, int length) {
    return DicomFile.looksLikeDicom(head, length);
  }

  @Override
  public Volume read(ImageSource source, ReadLimits limits) throws ImageReadException {
    String file = source.name();
    try (DicomStreamReader r = DicomStreamReader.open(source, DicomFile.Options.READ_ALL)) {
      DicomFile h = r.readHeader();
      DicomInstance d = DicomInstance.of(h, source.size(), limits,
          DicomInstance.DEFAULT_KEYWORDS);
      PixelModule pm = PixelModule.of(h.dataset(), h.pixelData().tag(), file, limits);
      boolean rescale = false;
      for (int f = 0; f < d.frames; f++) {
        rescale |= d.slopes[f] != 1.0 || d.intercepts[f] != 0.0;
      }
      DType type = rescale ? DType.FLOAT32 : pm.decodedDType();
      int c = pm.channels();
      int x = pm.columns();
      int y = pm.rows();
      int n = pm.frames();
      Object dest = type.allocate(c * x * y * n);
      PixelDecoder.decode(r, h, pm,
          new PixelDecoder.Target(dest, type, n, null, rescale ? d.slopes : null,
              rescale ? d.intercepts : null), limits);
      int[] shape = n == 1 ? new int[] {c, x, y} : new int[] {c, x, y, n};
      Affine affine = affine(d);
      Metadata.Builder b = Metadata.builder();
      b.put(Metadata.FILENAME, file);
      b.put(Metadata.FORMAT, "DICOM");
      b.put(Metadata.SPACE, "RAS");
      b.put(Metadata.ORIGINAL_AFFINE, affine.toArray());
      b.put(Metadata.SPATIAL_SHAPE, Arrays.copyOfRange(shape, 1, shape.length));
      b.put(Metadata.ORIGINAL_CHANNEL_DIM, c == 1 ? (Object) "no_channel" : (Object) (-1));
      b.put("spacing", affine.spacing(shape.length - 1));
      for (java.util.Map.Entry<String, String> e : d.tags.entrySet()) {
        b.put(e.getKey(), e.getValue());
      }
      b.put("PhotometricInterpretation", pm.photometric());
      b.put(DicomSeriesReader.TRANSFER_SYNTAXES, List.of(h.transferSyntax().uid()));
      return Volume.wrap(dest, type, shape, affine, b.build(), List.of());
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException e) {
      throw new DicomParseException(file, "read failed: " + e.getMessage(), e);
    }
  }

  /**
   * The affine of one file: i along the row direction (column spacing), j along the column
   * direction (row spacing), k from frame 1 to the last frame's position (enhanced multi-frame),
   * else along the slice normal by SpacingBetweenSlices/SliceThickness for classic multi-frame,
   * else (one frame) the identity's third column; LPS → RAS.
   */
  static Affine affine(DicomInstance d) {
    double[] o = d.orientation(0);
    if (Double.isNaN(o[0])) {
      o = new double[] {1, 0, 0, 0, 1, 0};
    }
    double[] ps = d.pixelSpacing(0);
    if (Double.isNaN(ps[0])) {
      ps = new double[] {1, 1};
    }
    double[] p0 = d.position(0);
    if (Double.isNaN(p0[0])) {
      p0 = new double[3];
    }
    double[] k;
    int n = d.frames;
    double[] pl = d.position(n - 1);
    if (n == 1) {
      k = new double[] {0, 0, 1};
    } else if (!Double.isNaN(pl[0])) {
      k = new double[] {(pl[0] - p0[0]) / (n - 1), (pl[1] - p0[1]) / (n - 1),
          (pl[2] - p0[2]) / (n - 1)};
    } else {
      double s = d.spacingBetweenSlices > 0 ? d.spacingBetweenSlices
          : d.sliceThickness > 0 ? d.sliceThickness : 1;
      double[] nn = DicomSeries.normal(o);
      k = new double[] {nn[0] * s, nn[1] * s, nn[2] * s};
    }
    double[] m = {
      -o[0] * ps[1], -o[3] * ps[0], n == 1 ? 0 : -k[0], -p0[0],
      -o[1] * ps[1], -o[4] * ps[0], n == 1 ? 0 : -k[1], -p0[1],
      o[2] * ps[1], o[5] * ps[0], k[2], p0[2],
      0, 0, 0, 1
    };
    for (int i = 0; i < 16; i++) {
      m[i] += 0.0; // no -0.0
    }
    return Affine.of(m);
  }

  /** A decoded image in numpy's C order, with the shape pydicom's {@code pixel_array} has. */
  public static final class PixelArray {
    private final Object data;
    private final DType dtype;
    private final int[] shape;

    PixelArray(Object data, DType dtype, int[] shape) {
      this.data = data;
      this.dtype = dtype;
      this.shape = shape;
    }

    /** A primitive array of {@link #dtype()}, C order. */
    public Object data() {
      return data;
    }

    public DType dtype() {
      return dtype;
    }

    /** {@code (rows, cols)}, {@code (frames, rows, cols)}, with {@code , 3} for colour. */
    public int[] shape() {
      return shape.clone();
    }

    /**
     * Writes the array as a NumPy {@code .npy} file (format 1.0, little endian, C order), which
     * {@code numpy.load} reads back with this shape and dtype. Does not close {@code out}.
     */
    public void writeNpy(java.io.OutputStream out) throws IOException {
      StringBuilder shp = new StringBuilder("(");
      for (int i = 0; i < shape.length; i++) {
        shp.append(i > 0 ? ", " : "").append(shape[i]);
      }
      shp.append(shape.length == 1 ? ",)" : ")");
      StringBuilder h = new StringBuilder("{'descr': '" + dtype.numpyDescr()
          + "', 'fortran_order': False, 'shape': " + shp + ", }");
      int total = 10 + h.length() + 1;
      while (total % 64 != 0) {
        h.append(' ');
        total++;
      }
      h.append('\n');
      byte[] header = h.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
          (byte) header.length, (byte) (header.length >>> 8)});
      out.write(header);
      int n = java.lang.reflect.Array.getLength(data);
      int w = dtype.byteSize();
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Math.min(n, 1 << 16) * w)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; ) {
        b.clear();
        int m = Math.min(n - i, b.capacity() / w);
        switch (dtype) {
          case UINT8:
          case INT8:
            b.put((byte[]) data, i, m);
            break;
          case UINT16:
          case INT16:
            b.asShortBuffer().put((short[]) data, i, m);
            b.position(m * 2);
            break;
          case UINT32:
          case INT32:
            b.asIntBuffer().put((int[]) data, i, m);
            b.position(m * 4);
            break;
          case FLOAT32:
            b.asFloatBuffer().put((float[]) data, i, m);
            b.position(m * 4);
            break;
          case FLOAT64:
            b.asDoubleBuffer().put((double[]) data, i, m);
            b.position(m * 8);
            break;
          default:
            b.asLongBuffer().put((long[]) data, i, m);
            b.position(m * 8);
        }
        out.write(b.array(), 0, b.position());
        i += m;
      }
    }
  }

  /**
   * Lays a volume this reader produced out as pydicom's {@code pixel_array} (after the modality
   * LUT, colour converted): {@code [frames,] rows, cols[, 3]} in C order — what {@code convert
   * file.dcm out.npy} writes, so one file can be compared with pydicom.
   */
  public static PixelArray toPixelArray(Volume v) {
    int c = v.channels();
    int x = v.shape(1);
    int y = v.shape(2);
    int z = v.spatialRank() == 3 ? v.shape(3) : 1;
    boolean multi = v.spatialRank() == 3;
    int[] shape;
    if (c == 1) {
      shape = multi ? new int[] {z, y, x} : new int[] {y, x};
      // (1, X, Y, Z) with x fastest is already (Z, Y, X) in C order
      return new PixelArray(copy(v.array(), v.dtype()), v.dtype(), shape);
    }
    shape = multi ? new int[] {z, y, x, c} : new int[] {y, x, c};
    int plane = x * y * z;
    Object out = v.dtype().allocate(plane * c);
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < plane; i++) {
        Volume.store(out, v.dtype(), i * c + ch, v.getDouble(ch * plane + i));
      }
    }
    return new PixelArray(out, v.dtype(), shape);
  }

  private static Object copy(Object array, DType t) {
    int n = java.lang.reflect.Array.getLength(array);
    Object out = t.allocate(n);
    System.arraycopy(array, 0, out, 0, n);
    return out;
  }
}
