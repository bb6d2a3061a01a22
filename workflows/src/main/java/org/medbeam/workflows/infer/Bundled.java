package org.medbeam.workflows.infer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.medbeam.workflows.demo.SampleArchive;

/**
 * The job's defaults: a synthetic DICOM archive the project generates (deterministically, into
 * the temp folder, on first use), and the bundled model and config shipped in the jar.
 */
public final class Bundled {
  /** The bundled inference config (classpath resource). */
  public static final String CONFIG = "classpath:/medbeam/bundled/inference.json";
  /**
   * The bundled model (classpath resource): the small 3D UNet {@code medbeam demo --bundle}
   * trains, as a medbeam network zip ({@code network.json} + weights).
   */
  public static final String MODEL = "classpath:/medbeam/bundled/model.zip";
  /** Series in the bundled sample archive (cases 0.. of {@link SampleArchive#BUNDLED_SEED}). */
  public static final int SAMPLE_CASES = 3;
  /** Voxels across a bundled sample series ({@link org.medbeam.workflows.demo.SyntheticCt}). */
  public static final int SAMPLE_SIZE = 64;

  private static final String SAMPLE_VERSION = "v2";

  private Bundled() {}

  /** The bundled sample archive's folder, generated on first use. */
  public static synchronized Path sampleArchive() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "medbeam-sample-" + SAMPLE_VERSION);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Path tmp = Path.of(dir + ".tmp-" + UUID.randomUUID());
    SampleArchive.write(tmp, SampleArchive.BUNDLED_SEED, SAMPLE_CASES, SAMPLE_SIZE, false);
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
    return dir;
  }

  /** The bytes of a local file, a {@code classpath:/} resource or any Beam FileSystem URI. */
  public static byte[] readAll(String pathOrUri) throws IOException {
    if (pathOrUri.startsWith("classpath:")) {
      String res = pathOrUri.substring("classpath:".length());
      try (InputStream in = Bundled.class.getResourceAsStream(res.startsWith("/") ? res : "/" + res)) {
        if (in == null) {
          throw new IOException(pathOrUri + ": no such resource on the classpath");
        }
        return in.readAllBytes();
      }
    }
    if (!pathOrUri.contains("://")) {
      return Files.readAllBytes(Path.of(pathOrUri));
    }
    try (InputStream in = Channels.newInputStream(
        FileSystems.open(FileSystems.matchSingleFileSpec(pathOrUri).resourceId()))) {
      return in.readAllBytes();
    }
  }
}
