package org.medbeam.io;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code LoadImage}: reads a file into a channel-first {@link Volume} with its metadata.
 *
 * <p>Reader choice follows MONAI's priority: the reader named by the caller ({@link
 * #withReader}), then readers added with {@link #register} (newest first), then the default
 * readers by suffix (NIfTI, DICOM, NumPy, PIL), then by content.
 *
 * <p>One difference from MONAI, on purpose: MONAI converts to {@code dtype=float32} by default;
 * medbeam keeps the stored type (half the memory for int16 CT) until a transform needs float.
 * {@code withDtype(DType.FLOAT32)} gives MONAI's behaviour; the values are the same. Volumes are
 * always channel-first, so {@code ensure_channel_first} is implied.
 */
public final class LoadImage implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ImageReader reader;
  private final List<ImageReader> registered;
  private final DType dtype;
  private final ReadLimits limits;

  private LoadImage(
      ImageReader reader, List<ImageReader> registered, DType dtype, ReadLimits limits) {
    this.reader = reader;
    this.registered = registered;
    this.dtype = dtype;
    this.limits = limits;
  }

  public static LoadImage create() {
    return new LoadImage(null, List.of(), null, ReadLimits.DEFAULT);
  }

  /** Always use this reader. */
  public LoadImage withReader(ImageReader r) {
    return new LoadImage(r, registered, dtype, limits);
  }

  /** Always use the reader with this name ({@code "nifti"}, or MONAI's {@code "NibabelReader"}). */
  public LoadImage withReader(String name) {
    return withReader(ImageFormats.reader(name));
  }

  /** MONAI's {@code register(reader)}: tried before the defaults, newest first. */
  public LoadImage register(ImageReader r) {
    List<ImageReader> l = new ArrayList<>();
    l.add(r);
    l.addAll(registered);
    return new LoadImage(reader, Collections.unmodifiableList(l), dtype, limits);
  }

  /** Converts the loaded data to {@code t} (MONAI's {@code dtype}); null keeps the stored type. */
  public LoadImage withDtype(DType t) {
    return new LoadImage(reader, registered, t, limits);
  }

  public LoadImage withLimits(ReadLimits l) {
    return new LoadImage(reader, registered, dtype, l);
  }

  /** The reader that would read {@code source}. */
  public ImageReader readerFor(ImageSource source) throws IOException {
    if (reader != null) {
      return reader;
    }
    List<ImageReader> candidates = new ArrayList<>(registered);
    candidates.addAll(ImageFormats.readers());
    return ImageFormats.pick(candidates, source);
  }

  /** Reads a local path or any Beam FileSystem URI. */
  public Volume apply(String pathOrUri) throws IOException {
    return apply(ImageSource.of(pathOrUri));
  }

  public Volume apply(ImageSource source) throws IOException {
    if (source.localPath() != null && !java.nio.file.Files.isRegularFile(source.localPath())) {
      throw new ImageReadException(
          source.name(),
          java.nio.file.Files.isDirectory(source.localPath())
              ? "is a folder, not an image file" : "no such file");
    }
    Volume v = readerFor(source).read(source, limits);
    if (!v.meta().containsKey(Metadata.FILENAME)) {
      v = v.withMeta(Metadata.FILENAME, source.name());
    }
    return dtype == null ? v : v.astype(dtype);
  }
}
