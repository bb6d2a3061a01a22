package org.medbeam.io.nifti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.medbeam.io.ImageReadException;

/**
 * The decoded bytes of a gzip file (RFC 1952), one or more members, inflated with {@link
 * Inflater} straight into the caller's arrays: no {@code GZIPInputStream}, no intermediate copy.
 *
 * <p>Only what the caller asks for is inflated, so a decompression bomb costs no more than the
 * header's (limit-checked) claim. Each member whose end is reached is checked against its CRC-32
 * and ISIZE trailer; zero bytes between members are skipped as Python's gzip module does.
 */
final class GzipInput extends VoxelInput {
  /** Deflate's largest compression ratio (258-byte matches in 1-bit codes): 1032 to 1. */
  static final long MAX_DEFLATE_RATIO = 1032;

  private static final int FTEXT_FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;

  private final CompressedFeed feed;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private ByteBuffer chunk;
  private long compressedBefore; // compressed bytes in chunks before the current one
  private boolean inMember;
  private boolean ended;
  private int members;
  private long memberBytes;

  GzipInput(String file, CompressedFeed feed) {
    super(file);
    this.feed = feed;
  }

  /** Compressed bytes consumed so far (for messages). */
  private long compressedPosition() {
    return compressedBefore + (chunk == null ? 0 : chunk.position());
  }

  private boolean fill() throws ImageReadException {
    if (chunk != null && chunk.hasRemaining()) {
      return true;
    }
    try {
      if (chunk != null) {
        compressedBefore += chunk.limit();
      }
      chunk = feed.next();
    } catch (IOException e) {
      throw new ImageReadException(file, "read failed: " + e.getMessage(), e);
    }
    return chunk != null;
  }

  /** Next compressed byte, or -1 at the end of the file. */
  private int nextByte() throws ImageReadException {
    if (!fill()) {
      return -1;
    }
    return chunk.get() & 0xFF;
  }

  private int headerByte() throws ImageReadException {
    int b = nextByte();
    if (b < 0) {
      throw new ImageReadException(
          file, "truncated gzip stream: the file ends inside the header of gzip member "
              + (members + 1));
    }
    return b;
  }

  /** Reads a member header; false at a clean end of file after at least one member. */
  private boolean startMember() throws ImageReadException {
    int id1 = nextByte();
    if (members > 0) {
      while (id1 == 0) { // padding after a member, as Python's gzip accepts
        id1 = nextByte();
      }
    }
    if (id1 < 0) {
      if (members == 0) {
        throw new ImageReadException(file, "empty file: no gzip member");
      }
      return false;
    }
    int id2 = nextByte();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new ImageReadException(
          file, (members == 0 ? "not a gzip file" : "bytes after gzip member " + members
              + " are not another gzip member") + String.format(
                  " (found %02x %02x at compressed offset %d, expected 1f 8b)",
                  id1, Math.max(id2, 0), compressedPosition() - 2));
    }
    int cm = headerByte();
    if (cm != 8) {
      throw new ImageReadException(
          file, "gzip member " + (members + 1) + " uses compression method " + cm
              + "; only deflate (8) exists");
    }
    int flags = headerByte();
    for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
      headerByte();
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = headerByte() | headerByte() << 8;
      for (int i = 0; i < xlen; i++) {
        headerByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (headerByte() != 0) {
        // skip the zero-terminated original file name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (headerByte() != 0) {
        // skip the zero-terminated comment
      }
    }
    if ((flags & FTEXT_FHCRC) != 0) {
      headerByte();
      headerByte();
    }
    inflater.reset();
    crc.reset();
    memberBytes = 0;
    members++;
    inMember = true;
    return true;
  }

  /** A little-endian 32-bit field of the member's trailer. */
  private long trailerField() throws ImageReadException {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      int b = nextByte();
      if (b < 0) {
        throw new ImageReadException(
            file, "truncated gzip stream: the file ends inside the trailer of gzip member "
                + members);
      }
      v |= (long) b << (8 * i);
    }
    return v;
  }

  private void finishMember() throws ImageReadException {
    long stored = trailerField();
    long isize = trailerField();
    if (stored != crc.getValue()) {
      throw new ImageReadException(
          file, String.format(
              "gzip member %d fails its CRC-32 check (stored %08x, computed %08x) — file corrupt",
              members, stored, crc.getValue()));
    }
    if (isize != (memberBytes & 0xFFFFFFFFL)) {
      throw new ImageReadException(
          file, "gzip member " + members + " trailer says " + isize + " bytes (mod 2^32) but "
              + memberBytes + " were decoded — file corrupt");
    }
    inMember = false;
  }

  @Override
  int read(byte[] b, int off, int len) throws ImageReadException {
    int total = 0;
    while (total < len && !ended) {
      if (!inMember) {
        if (!startMember()) {
          ended = true;
          break;
        }
      }
      if (inflater.needsInput()) {
        if (!fill()) {
          throw new ImageReadException(
              file, "truncated gzip stream: the compressed data ends after " + position
                  + " decoded bytes, inside gzip member " + members);
        }
        inflater.setInput(chunk);
      }
      int n;
      try {
        n = inflater.inflate(b, off + total, len - total);
      } catch (DataFormatException e) {
        throw new ImageReadException(
            file, "corrupt deflate data in gzip member " + members + " near compressed offset "
                + compressedPosition() + " after " + position + " decoded bytes: "
                + e.getMessage(), e);
      }
      if (n > 0) {
        crc.update(b, off + total, n);
        total += n;
        position += n;
        memberBytes += n;
      }
      if (inflater.finished()) {
        finishMember();
      } else if (n == 0 && inflater.needsDictionary()) {
        throw new ImageReadException(
            file, "corrupt deflate data in gzip member " + members + ": asks for a dictionary");
      }
    }
    return total;
  }

  /** At most this much is decoded past the voxels to reach a member's CRC-32. */
  static final int VERIFY_BUDGET = 1 << 20;

  /**
   * After the voxels: checks the CRC-32 of the member holding them, which reading stopped
   * short of (a corrupt stream can decode to another length, or a corrupt header claim fewer
   * voxels). When the trailer says the member ends exactly with the voxels, as every NIfTI writer
   * makes it, any further output is corruption; otherwise at most {@link #VERIFY_BUDGET} bytes
   * are decoded to reach the trailer, and a member going on beyond that (trailing data) is left
   * unchecked, as nibabel leaves it.
   */
  void verifyEnd() throws ImageReadException {
    if (!inMember || ended) {
      return; // the member ended with the voxels and passed its check in finishMember
    }
    boolean endsHere = false;
    try {
      long isize = feed.trailerIsize();
      endsHere = isize >= 0 && ((isize - memberBytes) & 0xFFFFFFFFL) == 0;
    } catch (IOException e) {
      // no trailer to compare with
    }
    byte[] scratch = new byte[endsHere ? 1 : 1 << 16];
    long extra = 0;
    while (!inflater.finished()) {
      if (inflater.needsInput()) {
        if (!fill()) {
          throw new ImageReadException(
              file, "truncated gzip stream: the compressed data ends " + extra + " bytes after "
                  + "the voxels, inside gzip member " + members);
        }
        inflater.setInput(chunk);
      }
      int n;
      try {
        n = inflater.inflate(scratch, 0, (int) Math.min(scratch.length, VERIFY_BUDGET - extra
            + 1));
      } catch (DataFormatException e) {
        throw new ImageReadException(
            file, "corrupt deflate data in gzip member " + members + " just after the voxels: "
                + e.getMessage(), e);
      }
      if (n > 0 && endsHere) {
        throw new ImageReadException(
            file, "gzip member " + members + " goes on past the voxels although its trailer "
                + "says it ends there — file corrupt");
      }
      crc.update(scratch, 0, n);
      memberBytes += n;
      extra += n;
      if (extra > VERIFY_BUDGET) {
        return;
      }
      if (n == 0 && inflater.needsDictionary()) {
        throw new ImageReadException(
            file, "corrupt deflate data in gzip member " + members + ": asks for a dictionary");
      }
    }
    finishMember();
  }

  @Override
  Plausibility plausible(long needed, String claim) throws ImageReadException {
    long size = feed.size();
    if (size < 0) {
      return Plausibility.UNKNOWN;
    }
    long most =
        size > Long.MAX_VALUE / MAX_DEFLATE_RATIO ? Long.MAX_VALUE : size * MAX_DEFLATE_RATIO;
    if (needed > most) {
      throw new ImageReadException(
          file, "header claims " + needed + " decoded bytes (" + claim + ") but a " + size
              + "-byte gzip file can hold at most " + most + " (deflate's 1032:1 limit) — file "
              + "truncated or header corrupt");
    }
    long isize;
    try {
      isize = feed.trailerIsize();
    } catch (IOException e) {
      return Plausibility.UNKNOWN;
    }
    if (isize < 0) {
      return Plausibility.UNKNOWN;
    }
    // A single member decodes to isize + k * 2^32 bytes. Files whose voxels end the stream (as
    // every writer makes them) have isize == needed mod 2^32; under 4 GiB a larger isize means
    // trailing bytes. Anything else (the last of several members, a short or hostile file, a
    // multiple of 4 GiB we cannot tell apart) is decoded before allocating, which settles it.
    if (((isize - needed) & 0xFFFFFFFFL) == 0 || (needed < (1L << 32) && isize >= needed)) {
      return Plausibility.LIKELY;
    }
    return Plausibility.UNKNOWN;
  }

  /**
   * The whole member inflated on {@code threads} threads ({@link ParallelGunzip}) into {@code
   * sink}, from decoded byte 0; returns the byte count, or -1 when the file does not suit (then
   * keep reading this input sequentially and discard what the sink got). Call before reading
   * past the NIfTI header. The voxels must end the member ({@code ISIZE == needed}), as every
   * NIfTI writer makes them.
   */
  long parallel(long needed, int threads, ParallelGunzip.Sink sink) throws ImageReadException {
    if (members != 1 || !inMember) {
      return -1;
    }
    byte[] all;
    try {
      all = feed.readAll(threads);
    } catch (IOException e) {
      return -1;
    }
    if (all == null || all.length < 18) {
      return -1;
    }
    int start = deflateStart(all);
    int end = all.length - 8;
    if (start < 0 || start >= end) {
      return -1;
    }
    long isize = (all[end + 4] & 0xFFL) | (all[end + 5] & 0xFFL) << 8
        | (all[end + 6] & 0xFFL) << 16 | (all[end + 7] & 0xFFL) << 24;
    if (isize != needed) {
      return -1;
    }
    return ParallelGunzip.decode(all, start, end, isize, threads, sink);
  }

  /** Where the deflate data of the member starting at byte 0 begin, or -1 if malformed. */
  static int deflateStart(byte[] b) {
    if (b.length < 10 || (b[0] & 0xFF) != 0x1f || (b[1] & 0xFF) != 0x8b || b[2] != 8) {
      return -1;
    }
    int flags = b[3] & 0xFF;
    int p = 10;
    if ((flags & FEXTRA) != 0) {
      if (p + 2 > b.length) {
        return -1;
      }
      p += 2 + ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8);
    }
    if ((flags & FNAME) != 0) {
      while (p < b.length && b[p] != 0) {
        p++;
      }
      p++;
    }
    if ((flags & FCOMMENT) != 0) {
      while (p < b.length && b[p] != 0) {
        p++;
      }
      p++;
    }
    if ((flags & FTEXT_FHCRC) != 0) {
      p += 2;
    }
    return p <= b.length ? p : -1;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    feed.close();
  }
}
