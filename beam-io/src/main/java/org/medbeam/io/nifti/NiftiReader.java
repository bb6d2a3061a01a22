package org.medbeam.io.nifti;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageReader;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;

/**
 * Reads single-file NIfTI-1 and NIfTI-2 ({@code .nii}, {@code .nii.gz}; either byte order) into a
 * channel-first {@link Volume}, giving the voxels, dtype and affine nibabel gives for the same
 * file ({@code np.asanyarray(img.dataobj)} and {@code img.affine}) — MONAI's {@code
 * NibabelReader}.
 *
 * <p><b>Shape.</b> Dims 1..3 are spatial ({@code (C, X)}, {@code (C, X, Y)} or {@code (C, X, Y,
 * Z)} for 1, 2 and 3+ dimensional files); dims 4..7 (time, vector, ...) fold into the channel axis
 * in storage order, {@code c = t + T * (u + U * ...)}, which needs no transposition because NIfTI
 * stores the first index fastest just like {@code Volume}. RGB24/RGBA32 voxels become 3/4
 * channels ({@code c = component + components * frame}), uint8.
 *
 * <p><b>Values.</b> The stored dtype is kept, unless {@code scl_slope} is finite, non-zero and
 * {@code (scl_slope, scl_inter) != (1, 0)}: then the voxels are float64 {@code raw * slope +
 * inter}, as nibabel's array proxy computes them.
 *
 * <p><b>Affine.</b> {@link NiftiHeader#affine}: sform if {@code sform_code != 0}, else qform if
 * {@code qform_code != 0}, else nibabel's fall-back, after nibabel's load-time header fixes. {@code
 * xyzt_units} are recorded, never applied (nibabel does not rescale either).
 *
 * <p><b>Metadata</b> (MONAI's keys): {@code filename_or_obj}, {@code format = "nifti"}, {@code
 * original_affine}, {@code spatial_shape}, {@code original_channel_dim} ({@code "no_channel"} for
 * files of up to 3 dims, {@code -1} when dims 4+ or RGB components made channels), {@code space =
 * "RAS"}, {@code as_closest_canonical = false}, and the header fields as nibabel's loaded {@code
 * img.header} holds them: {@code sizeof_hdr, dim_info, dim, intent_p1..3, intent_code, datatype,
 * bitpix, slice_start, pixdim, vox_offset, scl_slope, scl_inter, slice_end, slice_code,
 * xyzt_units, cal_max, cal_min, slice_duration, toffset, descrip, aux_file, qform_code,
 * sform_code, quatern_b..d, qoffset_x..z, srow_x..z, intent_name, magic}. Like nibabel, {@code
 * scl_slope}/{@code scl_inter} read NaN and {@code vox_offset} 0 once the data are loaded: the
 * scaling is already in the voxels.
 *
 * <p><b>Where MONAI differs.</b> MONAI's {@code correct_nifti_header_if_necessary} rewrites the
 * header after loading when {@code pixdim} disagrees with the affine's column norms: it may
 * replace the sform by the qform (so MONAI's affine differs from nibabel's) or overwrite {@code
 * pixdim} (for 4D files with the translation's norm). This reader keeps nibabel's values.
 * Header problems nibabel repairs silently are repaired alike ({@link
 * NiftiHeader#withNibabelFixes}), except that {@code bitpix} must agree with {@code datatype}.
 *
 * <p><b>Hostile input</b> (truncated or corrupt headers, absurd dims, claims larger than the file,
 * decompression bombs, broken gzip streams) gives an {@link ImageReadException} naming the file
 * and the reason before anything of the claimed size is allocated. Of a {@code .nii.gz} only what
 * the header needs is inflated, and the gzip CRC-32 of the member holding the voxels is checked
 * (stricter than nibabel, which stops at the voxels' end unchecked).
 *
 * <p><b>Speed.</b> {@code .nii.gz} is inflated by zlib through {@link java.util.zip.Inflater}
 * straight into the volume's array. With {@link #withThreads} above 1 a large single-member
 * file is inflated on several threads ({@code ParallelGunzip}); the default is {@link
 * Parallel#defaultThreads()} (the {@code medbeam.threads} property, else 1, since Beam runners
 * already read one file per core).
 */
public final class NiftiReader implements ImageReader {
  private static final long serialVersionUID = 1L;

  /** MONAI's meta key saying whether the image was reoriented to closest canonical (never here). */
  static final String AS_CLOSEST_CANONICAL = "as_closest_canonical";

  private final int threads;

  private NiftiReader(int threads) {
    this.threads = threads;
  }

  /** A reader using {@link Parallel#defaultThreads()} threads at read time (for ServiceLoader). */
  public NiftiReader() {
    this(0);
  }

  /** A reader using {@link Parallel#defaultThreads()} threads at read time. */
  public static NiftiReader create() {
    return new NiftiReader(0);
  }

  /** NIfTI-1 magic at byte 344 ({@code n+1}/{@code ni1}), NIfTI-2 at 4, or a gzip stream. */
  @Override
  public boolean sniff(byte[] head, int length) {
    if (length >= 348 && head[345] == '+' && head[344] == 'n' && head[346] == '1') {
      return true;
    }
    return length >= 8 && head[4] == 'n' && head[5] == '+' && head[6] == '2';
  }

  /**
   * Threads for inflating one large {@code .nii.gz} ({@code ParallelGunzip}: the gzip stream is
   * split at deflate block boundaries and decoded speculatively); 1 decodes sequentially. The
   * voxels are the same whatever the count.
   */
  public NiftiReader withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    return new NiftiReader(threads);
  }

  /** The thread count reads use: the one set, else {@link Parallel#defaultThreads()}. */
  public int threads() {
    return threads > 0 ? threads : Parallel.defaultThreads();
  }

  @Override
  public String name() {
    return "nifti";
  }

  /** True for names ending in {@code .nii} or {@code .nii.gz}, any case. */
  @Override
  public boolean verifySuffix(String fileName) {
    return isNiftiName(fileName);
  }

  /** Whether a file name ends in {@code .nii} or {@code .nii.gz}, any case. */
  static boolean isNiftiName(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".nii") || n.endsWith(".nii.gz");
  }

  /** Reads only the header (decoding at most its first 540 bytes). */
  public NiftiHeader readHeader(ImageSource source) throws ImageReadException {
    try (VoxelInput in = open(source)) {
      return header(in, source.name());
    } catch (IOException e) {
      throw io(source.name(), e);
    }
  }

  @Override
  public Volume read(ImageSource source, ReadLimits limits) throws ImageReadException {
    String name = source.name();
    try (VoxelInput in = open(source)) {
      NiftiHeader raw = header(in, name);
      NiftiHeader h = raw.withNibabelFixes();
      int ndim = (int) h.dim(0);
      int[] dims = checkDims(h, name);
      NiftiDataType type = NiftiDataType.forCode(h.datatype());
      if (type == null) {
        throw new ImageReadException(
            name, "datatype " + h.datatype() + " (" + NiftiDataType.describe(h.datatype())
                + ") is not supported; readable types: " + NiftiDataType.supportedList());
      }
      if (h.bitpix() != type.bitpix()) {
        throw new ImageReadException(
            name, "bitpix " + h.bitpix() + " disagrees with datatype " + type.code() + " ("
                + type.label() + "), which has " + type.bitpix() + " bits per voxel — header "
                + "corrupt");
      }
      long voxels = 1;
      for (int d : dims) {
        voxels = voxels > Long.MAX_VALUE / d ? Long.MAX_VALUE : voxels * d;
      }
      long elements = voxels > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : voxels * type.components();
      limits.check(name, elements, type.dtype().byteSize(), "NIfTI header (dim "
          + Arrays.toString(Arrays.copyOfRange(h.dim(), 1, ndim + 1)) + ")");
      long dataBytes = elements * type.dtype().byteSize();
      long offset = h.dataOffset();
      if (!(h.voxOffset() >= h.minVoxOffset())) {
        throw new ImageReadException(
            name, "vox_offset " + h.voxOffset() + " points inside the header; a single-file "
                + "NIfTI-" + h.version() + " stores voxels at byte " + h.minVoxOffset()
                + " or later");
      }
      if (offset > limits.maxDecodedBytes() - dataBytes) {
        throw new ImageReadException(
            name, "header asks to decode " + offset + " bytes before the voxels (vox_offset) "
                + "plus " + dataBytes + " bytes of voxels, over the limit of "
                + limits.maxDecodedBytes() + " decoded bytes");
      }
      String claim = "vox_offset " + offset + " + " + dataBytes + " bytes of " + type.label()
          + " voxels for dim " + Arrays.toString(Arrays.copyOfRange(h.dim(), 1, ndim + 1));
      VoxelInput.Plausibility plausibility = in.plausible(offset + dataBytes, claim);

      double slope = h.sclSlope();
      double inter = h.sclInter();
      boolean validSlope = Double.isFinite(slope) && slope != 0;
      if (validSlope && !Double.isFinite(inter)) {
        throw new ImageReadException(
            name, "scl_slope " + slope + " is valid but scl_inter is " + inter);
      }
      boolean scaled = validSlope && !(slope == 1.0 && inter == 0.0);
      if (scaled && type.components() > 1) {
        throw new ImageReadException(
            name, "scl_slope/scl_inter (" + slope + ", " + inter + ") cannot scale "
                + type.label() + " voxels");
      }
      Affine affine = h.affine(name);

      int spatialRank = Math.min(ndim, 3);
      int spatial = 1;
      for (int i = 0; i < spatialRank; i++) {
        spatial *= dims[i];
      }
      int frames = (int) (voxels / spatial);
      int t = threads();
      Object array = null;
      if (t > 1 && in instanceof GzipInput && plausibility == VoxelInput.Plausibility.LIKELY
          && dataBytes >= ParallelGunzip.MIN_PARALLEL_BYTES) {
        VoxelCodec.Converter c = new VoxelCodec.Converter(type, h.byteOrder(), (int) voxels,
            spatial, scaled, slope, inter, offset).startAt(0);
        if (((GzipInput) in).parallel(offset + dataBytes, t, c::accept) >= 0 && c.complete()) {
          array = c.out;
        }
      }
      if (array == null) {
        in.skip(offset - in.position(), "extension area before vox_offset " + offset);
        VoxelInput data = plausibility == VoxelInput.Plausibility.UNKNOWN
            ? VoxelInput.prefetch(in, dataBytes, "voxel data") : in;
        array = VoxelCodec.decode(
            data, type, h.byteOrder(), (int) voxels, spatial, scaled, slope, inter);
        if (in instanceof GzipInput) {
          ((GzipInput) in).verifyEnd();
        }
      }

      int[] shape = new int[spatialRank + 1];
      shape[0] = frames * type.components();
      System.arraycopy(dims, 0, shape, 1, spatialRank);
      DType dtype = scaled ? DType.FLOAT64 : type.dtype();
      boolean channelAxis = ndim > 3 || type.components() > 1;
      Metadata meta = metadata(h, name, affine, Arrays.copyOf(dims, spatialRank), channelAxis);
      return Volume.wrap(array, dtype, shape, affine, meta, Collections.emptyList());
    } catch (IOException e) {
      throw io(name, e);
    } catch (InternalError e) {
      // a page of a memory-mapped file vanished: the file shrank while being read
      throw new ImageReadException(name, "file changed while being read: " + e.getMessage(), e);
    }
  }

  private static ImageReadException io(String name, IOException e) {
    if (e instanceof ImageReadException) {
      return (ImageReadException) e;
    }
    if (e instanceof NoSuchFileException) {
      return new ImageReadException(name, "file not found", e);
    }
    return new ImageReadException(name, "cannot read: " + e, e);
  }

  private static NiftiHeader header(VoxelInput in, String name) throws ImageReadException {
    byte[] hb = new byte[NiftiHeader.NIFTI2_SIZE];
    int n = in.readUpTo(hb, 0, NiftiHeader.NIFTI1_SIZE);
    if (n >= 4) {
      int le = ByteBuffer.wrap(hb).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
      if (le == NiftiHeader.NIFTI2_SIZE || Integer.reverseBytes(le) == NiftiHeader.NIFTI2_SIZE) {
        n += in.readUpTo(hb, n, NiftiHeader.NIFTI2_SIZE - n);
      }
    }
    return NiftiHeader.parse(hb, n, name);
  }

  /** Dims 1..dim[0], each in [1, 2^31 - 1]. */
  private static int[] checkDims(NiftiHeader h, String name) throws ImageReadException {
    long ndim = h.dim(0);
    if (ndim < 1 || ndim > 7) {
      throw new ImageReadException(
          name, "dim[0] is " + ndim + "; NIfTI images have 1 to 7 dimensions — header corrupt");
    }
    int[] dims = new int[(int) ndim];
    for (int i = 1; i <= ndim; i++) {
      long d = h.dim(i);
      if (d < 1) {
        throw new ImageReadException(
            name, "dim[" + i + "] is " + d + "; every used dimension must be at least 1 — "
                + "header corrupt or empty image");
      }
      if (d > Integer.MAX_VALUE) {
        throw new ImageReadException(
            name, "dim[" + i + "] is " + d + ", larger than any array can hold — header corrupt");
      }
      dims[i - 1] = (int) d;
    }
    return dims;
  }

  private static Metadata metadata(
      NiftiHeader h, String name, Affine affine, int[] spatialShape, boolean channelAxis) {
    Metadata.Builder m = Metadata.builder();
    m.put("sizeof_hdr", h.sizeOfHeader());
    m.put("dim_info", h.dimInfo());
    m.put("dim", h.dim());
    m.put("intent_p1", h.intentP1());
    m.put("intent_p2", h.intentP2());
    m.put("intent_p3", h.intentP3());
    m.put("intent_code", h.intentCode());
    m.put("datatype", h.datatype());
    m.put("bitpix", h.bitpix());
    m.put("slice_start", h.sliceStart());
    m.put(Metadata.PIXDIM, h.pixdim());
    // nibabel's loaded header: offset and scaling are consumed by the data object
    m.put("vox_offset", 0.0);
    m.put("scl_slope", Double.NaN);
    m.put("scl_inter", Double.NaN);
    m.put("slice_end", h.sliceEnd());
    m.put("slice_code", h.sliceCode());
    m.put("xyzt_units", h.xyztUnits());
    m.put("cal_max", h.calMax());
    m.put("cal_min", h.calMin());
    m.put("slice_duration", h.sliceDuration());
    m.put("toffset", h.toffset());
    m.put("descrip", h.descrip());
    m.put("aux_file", h.auxFile());
    m.put("qform_code", h.qformCode());
    m.put("sform_code", h.sformCode());
    m.put("quatern_b", h.quaternB());
    m.put("quatern_c", h.quaternC());
    m.put("quatern_d", h.quaternD());
    m.put("qoffset_x", h.qoffsetX());
    m.put("qoffset_y", h.qoffsetY());
    m.put("qoffset_z", h.qoffsetZ());
    m.put("srow_x", h.srowX());
    m.put("srow_y", h.srowY());
    m.put("srow_z", h.srowZ());
    m.put("intent_name", h.intentName());
    m.put("magic", h.magic());
    m.put(Metadata.ORIGINAL_AFFINE, affine.toArray());
    m.put(AS_CLOSEST_CANONICAL, false);
    m.put(Metadata.SPATIAL_SHAPE, spatialShape);
    m.put(Metadata.SPACE, "RAS");
    m.put(Metadata.ORIGINAL_CHANNEL_DIM, channelAxis ? (Object) (-1) : "no_channel");
    m.put(Metadata.FILENAME, name);
    m.put(Metadata.FORMAT, "nifti");
    return m.build();
  }

  /** Opens plain or gzip input by content (gzip magic {@code 1f 8b}), not by name. */
  static VoxelInput open(ImageSource source) throws ImageReadException {
    String name = source.name();
    try {
      Path p = source.localPath();
      if (p != null) {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        try {
          ByteBuffer two = ByteBuffer.allocate(2);
          while (two.hasRemaining() && ch.read(two, two.position()) > 0) {
            // at most two small reads
          }
          if (two.position() == 2 && isGzip(two.get(0), two.get(1))) {
            return new GzipInput(name, new CompressedFeed.Local(ch, 0));
          }
          return new VoxelInput.Mapped(name, ch);
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
      }
      PushbackInputStream in = new PushbackInputStream(source.open(), 2);
      try {
        byte[] two = new byte[2];
        int n = in.readNBytes(two, 0, 2);
        in.unread(two, 0, n);
        long size = source.size();
        if (n == 2 && isGzip(two[0], two[1])) {
          if (size >= 0 && size <= Integer.MAX_VALUE - 8) {
            CompressedFeed.Memory feed = CompressedFeed.Memory.readAll(in, size);
            in.close();
            return new GzipInput(name, feed);
          }
          return new GzipInput(name, new CompressedFeed.Stream(in, size));
        }
        return new VoxelInput.Stream(name, in, size);
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    } catch (IOException e) {
      throw io(name, e);
    }
  }

  private static boolean isGzip(byte b0, byte b1) {
    return (b0 & 0xFF) == 0x1f && (b1 & 0xFF) == 0x8b;
  }

  @Override
  public String toString() {
    return "NiftiReader";
  }
}
