package org.medbeam.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a reader gets its bytes: a name for messages and ids, the size when known, and a fresh
 * stream per {@link #open()}. Local files, in-memory bytes and any Beam {@code FileSystem}
 * resource ({@code gs://…} when the GCP extension is on the classpath) all look alike.
 */
public abstract class ImageSource {
  private final String name;

  protected ImageSource(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The path or URI, used in error messages, sample ids and output names. */
  public final String name() {
    return name;
  }

  /** The base file name (after the last '/'). */
  public final String fileName() {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }

  /** Size in bytes, or -1 when unknown. */
  public abstract long size();

  /** A new stream positioned at the first byte; the caller closes it. */
  public abstract InputStream open() throws IOException;

  /** The local path when the source is a local file, else {@code null} (readers may mmap it). */
  public Path localPath() {
    return null;
  }

  @Override
  public String toString() {
    return name;
  }

  public static ImageSource of(Path path) {
    return new LocalSource(path);
  }

  public static ImageSource of(String name, byte[] bytes) {
    return new BytesSource(name, bytes);
  }

  /** A resource of any registered Beam FileSystem, as {@code FileIO.match()} reports it. */
  public static ImageSource of(MatchResult.Metadata metadata) {
    ResourceId id = metadata.resourceId();
    if ("file".equals(id.getScheme()) || id.getScheme() == null) {
      return new LocalSource(Path.of(id.toString()));
    }
    return new BeamSource(id, metadata.sizeBytes());
  }

  /**
   * A path or URI: local paths go straight to the disk, anything with a scheme ({@code gs://})
   * through Beam's {@link FileSystems}.
   */
  public static ImageSource of(String pathOrUri) throws IOException {
    if (pathOrUri.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") && !pathOrUri.startsWith("file://")) {
      MatchResult.Metadata m = FileSystems.matchSingleFileSpec(pathOrUri);
      return of(m);
    }
    String p = pathOrUri.startsWith("file://") ? pathOrUri.substring("file://".length()) : pathOrUri;
    return new LocalSource(Path.of(p));
  }

  private static final class LocalSource extends ImageSource {
    private final Path path;

    LocalSource(Path path) {
      super(path.toString());
      this.path = path;
    }

    @Override
    public long size() {
      try {
        return Files.size(path);
      } catch (IOException e) {
        return -1;
      }
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(path);
    }

    @Override
    public Path localPath() {
      return path;
    }
  }

  private static final class BytesSource extends ImageSource {
    private final byte[] bytes;

    BytesSource(String name, byte[] bytes) {
      super(name);
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  private static final class BeamSource extends ImageSource {
    private final ResourceId id;
    private final long size;

    BeamSource(ResourceId id, long size) {
      super(id.toString());
      this.id = id;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public InputStream open() throws IOException {
      return Channels.newInputStream(FileSystems.open(id));
    }
  }
}
