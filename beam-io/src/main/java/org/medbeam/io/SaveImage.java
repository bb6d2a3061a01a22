package org.medbeam.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code SaveImage}: writes a volume as NIfTI, NumPy or PNG/JPEG/BMP (by {@code
 * output_ext}) under {@code output_dir}, named from its source file the way MONAI names outputs:
 * {@code <output_dir>/[<relative dir under data_root_dir>/][<name>/]<name>_<postfix>[_<patch
 * index>]<ext>}, where {@code <name>} is the source file name without its extension ({@code .gz}
 * and the one before it).
 *
 * <p>Files are written to a temporary name and renamed, so a killed run never leaves a half
 * written output. Any Beam FileSystem works ({@code gs://} with the GCP extension).
 *
 * <p>Differences from MONAI, on purpose: the output dtype defaults to the volume's own (MONAI
 * defaults to float32); pass {@link #withOutputDtype}. Names from metadata never escape {@code
 * output_dir}: path elements {@code ..} are refused.
 */
public final class SaveImage implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String outputDir;
  private final String outputPostfix;
  private final String outputExt;
  private final boolean separateFolder;
  private final String dataRootDir;
  private final DType outputDtype;
  private final boolean resample;
  private final Integer scale;

  private SaveImage(
      String outputDir,
      String outputPostfix,
      String outputExt,
      boolean separateFolder,
      String dataRootDir,
      DType outputDtype,
      boolean resample,
      Integer scale) {
    this.outputDir = outputDir;
    this.outputPostfix = outputPostfix;
    this.outputExt = outputExt;
    this.separateFolder = separateFolder;
    this.dataRootDir = dataRootDir;
    this.outputDtype = outputDtype;
    this.resample = resample;
    this.scale = scale;
  }

  /** MONAI's defaults: {@code output_dir="./"}, postfix {@code "trans"}, {@code .nii.gz}, separate folders. */
  public static SaveImage create() {
    return new SaveImage("./", "trans", ".nii.gz", true, "", null, false, null);
  }

  public SaveImage withOutputDir(String dir) {
    if (dir == null || dir.isEmpty()) {
      throw new IllegalArgumentException("output_dir must be a non-empty path");
    }
    return new SaveImage(dir, outputPostfix, outputExt, separateFolder, dataRootDir, outputDtype, resample, scale);
  }

  /** Appended as {@code _<postfix>}; empty for none. */
  public SaveImage withOutputPostfix(String postfix) {
    if (postfix == null || postfix.contains("/") || postfix.contains("\\")) {
      throw new IllegalArgumentException("output_postfix must not contain path separators, got '" + postfix + "'");
    }
    return new SaveImage(outputDir, postfix, outputExt, separateFolder, dataRootDir, outputDtype, resample, scale);
  }

  /** {@code .nii.gz}, {@code .nii}, {@code .npy}, {@code .npz}, {@code .png}, {@code .jpg}, {@code .bmp}. */
  public SaveImage withOutputExt(String ext) {
    String e = ext.startsWith(".") ? ext : "." + ext;
    ImageFormats.writerFor("x" + e);
    return new SaveImage(outputDir, outputPostfix, e, separateFolder, dataRootDir, outputDtype, resample, scale);
  }

  public SaveImage withSeparateFolder(boolean separate) {
    return new SaveImage(outputDir, outputPostfix, outputExt, separate, dataRootDir, outputDtype, resample, scale);
  }

  /** Keeps the source's folders relative to this root under {@code output_dir}. */
  public SaveImage withDataRootDir(String root) {
    return new SaveImage(outputDir, outputPostfix, outputExt, separateFolder, root == null ? "" : root, outputDtype, resample, scale);
  }

  public SaveImage withOutputDtype(DType t) {
    return new SaveImage(outputDir, outputPostfix, outputExt, separateFolder, dataRootDir, t, resample, scale);
  }

  /**
   * Restores the original orientation ({@code original_affine}) before writing. Only exact
   * re-orientations (axis flips and permutations) are undone here; a volume resampled to another
   * spacing must be inverted first ({@code Invertd}), and saying so is an error, not a guess.
   */
  public SaveImage withResample(boolean r) {
    return new SaveImage(outputDir, outputPostfix, outputExt, separateFolder, dataRootDir, outputDtype, r, scale);
  }

  /** For PNG/JPEG/BMP: MONAI's {@code scale} (255 or 65535) applied to data in [0, 1]. */
  public SaveImage withScale(int s) {
    if (s != 255 && s != 65535) {
      throw new IllegalArgumentException("scale must be 255 or 65535, got " + s);
    }
    return new SaveImage(outputDir, outputPostfix, outputExt, separateFolder, dataRootDir, outputDtype, resample, s);
  }

  /** The output path for a volume, following MONAI's naming rules. */
  public String outputPath(Volume v) {
    String source = v.meta().getString(Metadata.FILENAME);
    if (source == null || source.isEmpty()) {
      source = "image";
    }
    String s = source.replace('\\', '/');
    int slash = s.lastIndexOf('/');
    String dir = slash >= 0 ? s.substring(0, slash) : "";
    String name = stripExtension(slash >= 0 ? s.substring(slash + 1) : s);
    String rel = "";
    if (!dataRootDir.isEmpty() && !dir.isEmpty()) {
      String root = dataRootDir.replace('\\', '/');
      root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
      if (dir.equals(root)) {
        rel = "";
      } else if (dir.startsWith(root + "/")) {
        rel = dir.substring(root.length() + 1);
      } else {
        throw new IllegalArgumentException(
            source + " is not under data_root_dir " + dataRootDir);
      }
    }
    StringBuilder out = new StringBuilder(outputDir.endsWith("/") ? outputDir : outputDir + "/");
    if (!rel.isEmpty()) {
      out.append(safe(rel, source)).append('/');
    }
    if (separateFolder) {
      out.append(safe(name, source)).append('/');
    }
    out.append(safe(name, source));
    if (!outputPostfix.isEmpty()) {
      out.append('_').append(outputPostfix);
    }
    Object patch = v.meta().get("patch_index");
    if (patch != null) {
      out.append('_').append(safe(patch.toString(), source));
    }
    return out.append(outputExt).toString();
  }

  /** MONAI's rule: drop the last extension, and one more when the last was {@code .gz}. */
  static String stripExtension(String fileName) {
    String n = fileName;
    if (n.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static String safe(String part, String source) {
    for (String seg : part.split("/")) {
      if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
        throw new IllegalArgumentException(
            "output name from " + source + " has a path element '" + seg
                + "' that could escape output_dir; refusing");
      }
    }
    return part;
  }

  /** Writes the volume; returns the path written. */
  public String apply(Volume volume) throws IOException {
    String path = outputPath(volume);
    Volume v = resample ? restoreOrientation(volume) : volume;
    if (outputDtype != null) {
      v = v.astype(outputDtype);
    }
    ImageWriter writer = ImageFormats.writerFor(path);
    if (scale != null && writer instanceof org.medbeam.io.pil.PILWriter) {
      writer = ((org.medbeam.io.pil.PILWriter) writer).withScale(scale);
    }
    writeAtomically(v, path, writer);
    return path;
  }

  /** Writes through a temporary sibling and a rename. */
  public static void writeAtomically(Volume v, String path, ImageWriter writer) throws IOException {
    ResourceId target = FileSystems.matchNewResource(path, false);
    ResourceId tmp =
        FileSystems.matchNewResource(path + ".tmp-" + UUID.randomUUID().toString().substring(0, 8), false);
    try (WritableByteChannel ch = FileSystems.create(tmp, MimeTypes.BINARY);
        OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20)) {
      writer.write(v, path, os);
    } catch (IOException | RuntimeException e) {
      FileSystems.delete(List.of(tmp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      throw e;
    }
    FileSystems.rename(List.of(tmp), List.of(target));
  }

  /**
   * Undoes an exact re-orientation: when {@code inv(original_affine) · affine} is a signed axis
   * permutation with integer offsets onto the original spatial shape, the voxels are moved back.
   */
  static Volume restoreOrientation(Volume v) {
    double[] orig = v.meta().getDoubleArray(Metadata.ORIGINAL_AFFINE);
    if (orig == null) {
      return v;
    }
    Affine original = Affine.of(orig);
    if (original.almostEquals(v.affine(), 1e-6)) {
      return v;
    }
    int rank = v.spatialRank();
    Affine m = original.inverse().multiply(v.affine()); // current voxel → original voxel
    int[] src = v.spatialShape();
    int[] axisOf = new int[rank]; // original axis r takes current axis axisOf[r]
    int[] sign = new int[rank];
    int[] offset = new int[rank];
    int[] dst = new int[rank];
    for (int r = 0; r < rank; r++) {
      axisOf[r] = -1;
      for (int c = 0; c < rank; c++) {
        double x = m.get(r, c);
        if (Math.abs(Math.abs(x) - 1) < 1e-6) {
          axisOf[r] = c;
          sign[r] = x > 0 ? 1 : -1;
        } else if (Math.abs(x) > 1e-6) {
          throw notExact(v);
        }
      }
      double t = m.get(r, 3);
      if (axisOf[r] < 0 || Math.abs(t - Math.rint(t)) > 1e-6) {
        throw notExact(v);
      }
      offset[r] = (int) Math.rint(t);
      dst[r] = src[axisOf[r]];
    }
    // original index o_r = sign_r * i_{axisOf[r]} + offset_r, so i_{axisOf[r]} = sign_r * (o_r - offset_r)
    long[] strides = new long[rank + 1];
    long[] vs = new long[rank];
    long s = 1;
    for (int i = 0; i < rank; i++) {
      vs[i] = s;
      s *= src[i];
    }
    int[] dims = new int[rank + 1];
    long base = 0;
    for (int r = 0; r < rank; r++) {
      dims[r] = dst[r];
      strides[r] = sign[r] * vs[axisOf[r]];
      int first = sign[r] * (0 - offset[r]);
      if (first < 0 || first >= src[axisOf[r]]) {
        throw notExact(v);
      }
      base += first * vs[axisOf[r]];
    }
    dims[rank] = v.channels();
    strides[rank] = s;
    Object data = StridedCopy.gather(v.array(), base, dims, strides);
    int[] shape = new int[rank + 1];
    shape[0] = v.channels();
    System.arraycopy(dst, 0, shape, 1, rank);
    return v.withData(data, v.dtype(), shape).withAffine(original);
  }

  private static IllegalArgumentException notExact(Volume v) {
    return new IllegalArgumentException(
        "resample: the volume's affine differs from original_affine by more than a re-orientation "
            + "(spacing or a rotation changed); invert the transforms first (Invertd) — affine "
            + v.affine() + ", original " + Arrays.toString(v.meta().getDoubleArray(Metadata.ORIGINAL_AFFINE)));
  }

  @Override
  public String toString() {
    return "SaveImage(output_dir=" + outputDir + ", output_postfix=" + outputPostfix
        + ", output_ext=" + outputExt + ", separate_folder=" + separateFolder + ")";
  }
}
