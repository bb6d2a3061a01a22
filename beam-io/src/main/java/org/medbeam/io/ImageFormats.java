package org.medbeam.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The readers and writers on the classpath (found through {@link ServiceLoader}), looked up by
 * name or by file suffix. MONAI's reader class names are accepted as aliases so configs carry over:
 * {@code NibabelReader} → nifti, {@code NumpyReader} → numpy, {@code PILReader} → pil, {@code
 * PydicomReader} → dicom; {@code ITKReader} means "pick by suffix".
 */
public final class ImageFormats {
  private static final Map<String, String> MONAI_ALIASES =
      Map.of(
          "nibabelreader", "nifti",
          "numpyreader", "numpy",
          "pilreader", "pil",
          "pydicomreader", "dicom",
          "nibabelwriter", "nifti",
          "pilwriter", "pil",
          "itkwriter", "nifti");

  private static volatile List<ImageReader> readers;
  private static volatile List<ImageWriter> writers;

  private ImageFormats() {}

  /** The default readers, in suffix-matching order. */
  public static List<ImageReader> readers() {
    List<ImageReader> r = readers;
    if (r == null) {
      List<ImageReader> l = new ArrayList<>();
      ServiceLoader.load(ImageReader.class, ImageFormats.class.getClassLoader()).forEach(l::add);
      r = Collections.unmodifiableList(l);
      readers = r;
    }
    return r;
  }

  public static List<ImageWriter> writers() {
    List<ImageWriter> w = writers;
    if (w == null) {
      List<ImageWriter> l = new ArrayList<>();
      ServiceLoader.load(ImageWriter.class, ImageFormats.class.getClassLoader()).forEach(l::add);
      w = Collections.unmodifiableList(l);
      writers = w;
    }
    return w;
  }

  /** {@code "nifti"}, or a MONAI class name such as {@code "NibabelReader"}, to our short name. */
  public static String canonicalName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return MONAI_ALIASES.getOrDefault(n, n);
  }

  /** The reader called {@code name}; an error listing the known names otherwise. */
  public static ImageReader reader(String name) {
    String n = canonicalName(name);
    for (ImageReader r : readers()) {
      if (r.name().equals(n)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown reader '" + name + "'; known: " + names(readers()) + " (or MONAI's "
            + "NibabelReader, NumpyReader, PILReader, PydicomReader)");
  }

  public static ImageWriter writer(String name) {
    String n = canonicalName(name);
    for (ImageWriter w : writers()) {
      if (w.name().equals(n)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown writer '" + name + "'; known: " + names(writers()));
  }

  /** The writer for a file name's suffix. */
  public static ImageWriter writerFor(String fileName) {
    for (ImageWriter w : writers()) {
      if (w.verifySuffix(fileName)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        fileName + ": no writer for this suffix; known writers: " + names(writers())
            + " (.nii, .nii.gz, .npy, .npz, .png, .jpg, .bmp)");
  }

  /**
   * Picks a reader from {@code candidates} (in order) by suffix, else by the file's first bytes.
   */
  static ImageReader pick(List<ImageReader> candidates, ImageSource source) throws IOException {
    for (ImageReader r : candidates) {
      if (r.verifySuffix(source.fileName())) {
        return r;
      }
    }
    byte[] head = new byte[1024];
    int n = 0;
    try (InputStream in = source.open()) {
      int k;
      while (n < head.length && (k = in.read(head, n, head.length - n)) > 0) {
        n += k;
      }
    }
    for (ImageReader r : candidates) {
      if (r.sniff(head, n)) {
        return r;
      }
    }
    throw new ImageReadException(
        source.name(), "no reader recognises this file (suffix or content); readers tried: "
            + names(candidates));
  }

  private static String names(List<?> l) {
    List<String> n = new ArrayList<>();
    for (Object o : l) {
      n.add(o instanceof ImageReader ? ((ImageReader) o).name() : ((ImageWriter) o).name());
    }
    return n.toString();
  }
}
