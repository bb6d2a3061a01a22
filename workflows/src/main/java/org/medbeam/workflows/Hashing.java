package org.medbeam.workflows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/** SHA-256 of files (any Beam FileSystem) and strings, as lowercase hex. */
public final class Hashing {
  private Hashing() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  public static String sha256(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** Streams a file (local path or URI) through SHA-256. */
  public static String sha256File(String pathOrUri) throws IOException {
    ResourceId id = FileSystems.matchSingleFileSpec(pathOrUri).resourceId();
    MessageDigest d = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
      int r;
      while ((r = in.read(buf)) > 0) {
        d.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
