package org.medbeam.workflows.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.LoadImage;
import org.medbeam.io.dicom.DicomSeries;
import org.medbeam.io.dicom.DicomSeriesReader;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * Loads the datalist values under the given keys into volumes: an image file (any format {@link
 * LoadImage} reads; local path or URI) or a local folder holding one DICOM series (read with
 * {@link DicomSeriesReader}: dcm2niix's geometry, the modality LUT applied). Values that already
 * are volumes are kept, so a chain that starts with MONAI's {@code LoadImaged} on the same keys
 * still works. Deterministic: the first step of every dataset's cached prefix.
 */
public final class LoadItems implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;

  private LoadItems(KeySelection keys) {
    this.keys = keys;
  }

  /** Loads {@code keys} (each must be present). */
  public static LoadItems of(String... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("LoadItems: give at least one key");
    }
    return new LoadItems(KeySelection.of(keys));
  }

  /** Loads {@code keys}, skipping absent ones (MONAI's {@code allow_missing_keys}). */
  public static LoadItems ofOptional(List<String> keys) {
    return new LoadItems(KeySelection.of(keys, true));
  }

  public List<String> keys() {
    return keys.keys();
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Sample out = sample;
    for (KeySelection.Present k : keys.present(sample)) {
      Object v = sample.get(k.key);
      if (v instanceof Volume) {
        continue;
      }
      if (!(v instanceof String)) {
        throw new IllegalArgumentException("sample '" + sample.id() + "': key '" + k.key
            + "' must hold an image path or a DICOM folder, got "
            + (v == null ? "null" : v.getClass().getSimpleName()));
      }
      try {
        out = out.with(k.key, load((String) v, context.threads()));
      } catch (IOException e) {
        throw new UncheckedIOException("sample '" + sample.id() + "', key '" + k.key + "': "
            + e.getMessage(), e);
      }
    }
    return out;
  }

  /** One image file or DICOM series folder as a volume. */
  public static Volume load(String pathOrUri, int threads) throws IOException {
    if (!pathOrUri.contains("://")) {
      Path p = Path.of(pathOrUri);
      if (Files.isDirectory(p)) {
        DicomSeriesReader reader = DicomSeriesReader.create().withThreads(Math.max(1, threads));
        DicomSeriesReader.ScanResult scan = reader.scan(p);
        if (!scan.failures().isEmpty()) {
          ImageReadException first = scan.failures().get(0);
          throw new IOException(p + ": " + scan.failures().size() + " DICOM file(s) failed, first: "
              + first.getMessage(), first);
        }
        List<DicomSeries> series = scan.series();
        if (series.size() != 1) {
          throw new IOException(p + ": a DICOM folder item must hold exactly one series, found "
              + series.size());
        }
        Volume v = reader.read(series.get(0));
        return v.meta().containsKey(Metadata.FILENAME) ? v : v.withMeta(Metadata.FILENAME,
            p.toString());
      }
    }
    return LoadImage.create().apply(pathOrUri);
  }

  @Override
  public String toString() {
    return "LoadItems" + keys.keys();
  }
}
