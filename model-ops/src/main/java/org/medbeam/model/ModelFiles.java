package org.medbeam.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Turns a model URI into a local file or directory DJL can load.
 *
 * <ul>
 *   <li>a path or {@code file:} URI: used in place;
 *   <li>{@code classpath:/a/b.pt}: used in place when the resource is a plain file, else (inside a
 *       jar) copied once to {@code <cache>/classpath/<sha256 of the bytes>/b.pt};
 *   <li>{@code gs://bucket/a/b.pt}: downloaded once to {@code
 *       <cache>/gs/<bucket>/a/b.pt/<generation>/b.pt}, verified against the object's CRC32C, moved
 *       into place atomically; a new upload (new generation) is fetched again.
 * </ul>
 *
 * <p>The cache root is the system property {@code medbeam.model.cache}, else {@code
 * <java.io.tmpdir>/medbeam-model-cache}.
 */
public final class ModelFiles {
  private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path cacheRoot;
  private final Supplier<RemoteObjectStore> gcs;

  private ModelFiles(Path cacheRoot, Supplier<RemoteObjectStore> gcs) {
    this.cacheRoot = cacheRoot;
    this.gcs = gcs;
  }

  /** The default: cache from {@code medbeam.model.cache}, GCS through google-cloud-storage. */
  public static ModelFiles getDefault() {
    String root = System.getProperty("medbeam.model.cache");
    Path p =
        root != null && !root.isBlank()
            ? Paths.get(root)
            : Paths.get(System.getProperty("java.io.tmpdir"), "medbeam-model-cache");
    return new ModelFiles(p, GcsObjectStore::create);
  }

  /** A resolver with its own cache root and {@code gs://} store (tests, custom stores). */
  public static ModelFiles using(Path cacheRoot, RemoteObjectStore gsStore) {
    return new ModelFiles(cacheRoot, () -> gsStore);
  }

  public Path cacheRoot() {
    return cacheRoot;
  }

  /** The local file or directory for {@code uri}, fetching it into the cache when needed. */
  public Path resolve(String uri) {
    try {
      if (uri.startsWith("gs://")) {
        return fetchGcs(uri);
      }
      if (uri.startsWith("classpath:")) {
        return classpath(uri);
      }
      Path p;
      if (uri.startsWith("file:")) {
        p = Paths.get(new URI(uri));
      } else if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
        throw new IllegalArgumentException(
            "model uri '" + uri + "': scheme not supported; use a path, file:, classpath:/ or"
                + " gs://");
      } else {
        p = Paths.get(uri);
      }
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("model file " + p.toAbsolutePath() + " does not exist");
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch model " + uri + ": " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("model uri '" + uri + "' is not a valid URI", e);
    }
  }

  private Path classpath(String uri) throws IOException, URISyntaxException {
    String res = uri.substring("classpath:".length());
    while (res.startsWith("/")) {
      res = res.substring(1);
    }
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    URL url = cl == null ? null : cl.getResource(res);
    if (url == null) {
      url = ModelFiles.class.getClassLoader().getResource(res);
    }
    if (url == null) {
      throw new IllegalArgumentException(
          "model uri '" + uri + "': no resource '" + res + "' on the classpath");
    }
    if ("file".equals(url.getProtocol())) {
      return Paths.get(url.toURI());
    }
    String fileName = res.substring(res.lastIndexOf('/') + 1);
    Path tmpDir = cacheRoot.resolve("classpath");
    Files.createDirectories(tmpDir);
    Path tmp = Files.createTempFile(tmpDir, "fetch-", ".part");
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(url.openStream(), sha);
          OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
      Path dir = tmpDir.resolve(HexFormat.of().formatHex(sha.digest()));
      Path target = dir.resolve(fileName);
      if (!Files.exists(target)) {
        Files.createDirectories(dir);
        moveIntoPlace(tmp, target);
      }
      return target;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Path fetchGcs(String uri) throws IOException {
    int slash = uri.indexOf('/', 5);
    String bucket = uri.substring(5, slash);
    String name = uri.substring(slash + 1);
    RemoteObjectStore store = gcs.get();
    RemoteObjectStore.ObjectInfo info = store.stat(bucket, name);
    String fileName = name.substring(name.lastIndexOf('/') + 1);
    Path dir =
        cacheRoot.resolve("gs").resolve(bucket).resolve(name).resolve(
            Long.toString(info.generation()));
    Path target = dir.resolve(fileName);
    if (Files.isRegularFile(target) && Files.size(target) == info.size()) {
      return target; // complete: only ever moved into place after its checksum matched
    }
    synchronized (LOCKS.computeIfAbsent(target.toString(), k -> new Object())) {
      if (Files.isRegularFile(target) && Files.size(target) == info.size()) {
        return target;
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, fileName, ".part");
      try {
        store.download(bucket, name, info.generation(), tmp);
        long size = Files.size(tmp);
        if (size != info.size()) {
          throw new IOException(uri + "#" + info.generation() + ": downloaded " + size
              + " bytes, the object has " + info.size());
        }
        if (info.crc32c() != null) {
          String got = crc32c(tmp);
          if (!got.equals(info.crc32c())) {
            throw new IOException(uri + "#" + info.generation() + ": CRC32C of the download is "
                + got + ", the object's is " + info.crc32c() + " (corrupt transfer)");
          }
        }
        moveIntoPlace(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return target;
    }
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // another process won the race with identical content
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** CRC32C of a file as GCS reports it: base64 of the 4 big-endian bytes. */
  static String crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
      }
    }
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
