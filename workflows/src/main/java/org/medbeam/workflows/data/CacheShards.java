package org.medbeam.workflows.data;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.medbeam.core.Sample;
import org.medbeam.core.SampleCoder;

/**
 * medbeam's cache shard file, format version 1: the preprocessed samples of a caching dataset.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic "MBCACHE" followed by a 0 byte
 * 8       4     format version, big-endian uint32 (1)
 * 12      ...   records, each: length L (big-endian int32, 0 &lt;= L &lt; 2^31),
 *               CRC32C of the payload (big-endian uint32), payload: L bytes =
 *               the sample in {@link SampleCoder}'s encoding (id, then each entry:
 *               volumes with dtype, shape, affine, metadata and applied operations)
 *       4     end marker 0xFFFFFFFF
 *       8     record count, big-endian int64
 * </pre>
 *
 * A reader checks the magic, the version, every record's length and CRC32C, and the trailer, so
 * a truncated or corrupted shard is an error naming the file, never silently short. The
 * round trip is bit-exact (the coder's). A new layout gets a new version number; readers reject
 * versions they do not know.
 */
public final class CacheShards {
  /** The 8-byte magic. */
  static final byte[] MAGIC = {'M', 'B', 'C', 'A', 'C', 'H', 'E', 0};
  /** The format version written. */
  public static final int VERSION = 1;

  private static final int END = 0xFFFFFFFF;

  private CacheShards() {}

  /** Writes a whole shard to {@code out}. */
  public static void write(List<Sample> samples, OutputStream out) throws IOException {
    Writer w = new Writer(out);
    for (Sample s : samples) {
      w.write(s);
    }
    w.finish();
  }

  /** Reads every record of the shard at {@code pathOrUri} (any Beam FileSystem). */
  public static List<Sample> read(String pathOrUri) throws IOException {
    try (InputStream in = Channels.newInputStream(
        FileSystems.open(FileSystems.matchSingleFileSpec(pathOrUri).resourceId()))) {
      return read(in, pathOrUri);
    }
  }

  /** Reads every record of a shard from {@code in}; {@code name} names it in errors. */
  public static List<Sample> read(InputStream in, String name) throws IOException {
    DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    byte[] magic = new byte[MAGIC.length];
    try {
      d.readFully(magic);
    } catch (EOFException e) {
      throw new IOException(name + ": not a medbeam cache shard (shorter than its header)", e);
    }
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException(name + ": not a medbeam cache shard (bad magic)");
    }
    int version = d.readInt();
    if (version != VERSION) {
      throw new IOException(name + ": cache shard format version " + Integer.toUnsignedString(
          version) + " is not supported (this medbeam reads version " + VERSION
          + "); delete the cache folder to rebuild it");
    }
    List<Sample> out = new ArrayList<>();
    CRC32C crc = new CRC32C();
    try {
      while (true) {
        int len = d.readInt();
        if (len == END) {
          long count = d.readLong();
          if (count != out.size()) {
            throw new IOException(name + ": trailer says " + count + " records, read "
                + out.size());
          }
          if (d.read() != -1) {
            throw new IOException(name + ": bytes after the trailer");
          }
          return out;
        }
        if (len < 0) {
          throw new IOException(name + ": record " + out.size() + " has a negative length " + len);
        }
        long expected = Integer.toUnsignedLong(d.readInt());
        byte[] payload = readRecord(d, len, name, out.size());
        crc.reset();
        crc.update(payload);
        if (crc.getValue() != expected) {
          throw new IOException(name + ": record " + out.size() + " fails its CRC32C (corrupt)");
        }
        out.add(SampleCoder.of().decode(new ByteArrayInputStream(payload)));
      }
    } catch (EOFException e) {
      throw new IOException(name + ": truncated after " + out.size()
          + " records (no trailer); the shard was not completely written", e);
    }
  }

  private static byte[] readRecord(DataInputStream d, int len, String name, int index)
      throws IOException {
    // grow as bytes arrive, so a corrupt length cannot allocate 2 GB up front
    ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.min(len, 1 << 20));
    byte[] chunk = new byte[1 << 16];
    int left = len;
    while (left > 0) {
      int r = d.read(chunk, 0, Math.min(chunk.length, left));
      if (r < 0) {
        throw new EOFException(name + ": record " + index + " cut short");
      }
      buf.write(chunk, 0, r);
      left -= r;
    }
    return buf.toByteArray();
  }

  /** Streams records into a shard; {@link #finish} writes the trailer. */
  static final class Writer {
    private final DataOutputStream out;
    private final CRC32C crc = new CRC32C();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private long count;

    Writer(OutputStream os) throws IOException {
      out = new DataOutputStream(os);
      out.write(MAGIC);
      out.writeInt(VERSION);
    }

    void write(Sample s) throws IOException {
      buf.reset();
      SampleCoder.of().encode(s, buf);
      crc.reset();
      crc.update(buf.toByteArray(), 0, buf.size());
      out.writeInt(buf.size());
      out.writeInt((int) crc.getValue());
      buf.writeTo(out);
      count++;
    }

    void finish() throws IOException {
      out.writeInt(END);
      out.writeLong(count);
      out.flush();
    }
  }

  /** A Beam {@link FileIO.Sink} writing shards in this format. */
  public static FileIO.Sink<Sample> sink() {
    return new Sink();
  }

  static final class Sink implements FileIO.Sink<Sample> {
    private static final long serialVersionUID = 1L;
    private transient Writer writer;
    private transient OutputStream stream;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      writer = new Writer(stream);
    }

    @Override
    public void write(Sample element) throws IOException {
      writer.write(element);
    }

    @Override
    public void flush() throws IOException {
      writer.finish();
      stream.flush();
    }
  }
}
