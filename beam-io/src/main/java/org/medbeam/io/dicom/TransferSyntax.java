package org.medbeam.io.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * Transfer syntaxes (PS3.5 10, PS3.6 A): how a data set is encoded (implicit/explicit VR, byte
 * order, deflate) and how its pixel data is compressed. Unknown UIDs get {@link #of} an entry read
 * as explicit VR little endian with encapsulated pixel data that no codec claims, so the header
 * parses and decoding pixels fails with {@link UnsupportedTransferSyntaxException}.
 */
public final class TransferSyntax {
  /** How pixel data of this transfer syntax is decoded. */
  public enum Codec {
    NATIVE,
    RLE,
    JPEG_BASELINE,
    JPEG_EXTENDED,
    JPEG_LOSSLESS,
    JPEG_LS,
    JPEG_2000,
    /** Encapsulated with no decoder here (MPEG, HEVC, HTJ2K, unknown UIDs). */
    UNSUPPORTED
  }

  public static final String IMPLICIT_VR_LITTLE_ENDIAN_UID = "1.2.840.10008.1.2";
  public static final String EXPLICIT_VR_LITTLE_ENDIAN_UID = "1.2.840.10008.1.2.1";
  public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN_UID = "1.2.840.10008.1.2.1.99";
  public static final String EXPLICIT_VR_BIG_ENDIAN_UID = "1.2.840.10008.1.2.2";
  public static final String RLE_LOSSLESS_UID = "1.2.840.10008.1.2.5";
  public static final String JPEG_BASELINE_UID = "1.2.840.10008.1.2.4.50";
  public static final String JPEG_EXTENDED_UID = "1.2.840.10008.1.2.4.51";
  public static final String JPEG_LOSSLESS_UID = "1.2.840.10008.1.2.4.57";
  public static final String JPEG_LOSSLESS_SV1_UID = "1.2.840.10008.1.2.4.70";
  public static final String JPEG_LS_LOSSLESS_UID = "1.2.840.10008.1.2.4.80";
  public static final String JPEG_LS_NEAR_LOSSLESS_UID = "1.2.840.10008.1.2.4.81";
  public static final String JPEG_2000_LOSSLESS_UID = "1.2.840.10008.1.2.4.90";
  public static final String JPEG_2000_UID = "1.2.840.10008.1.2.4.91";

  private static final Map<String, TransferSyntax> KNOWN = new HashMap<>();

  public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
      add(IMPLICIT_VR_LITTLE_ENDIAN_UID, "Implicit VR Little Endian", false, false, false,
          Codec.NATIVE);
  public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
      add(EXPLICIT_VR_LITTLE_ENDIAN_UID, "Explicit VR Little Endian", true, false, false,
          Codec.NATIVE);
  public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
      add(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN_UID, "Deflated Explicit VR Little Endian", true,
          false, true, Codec.NATIVE);
  public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
      add(EXPLICIT_VR_BIG_ENDIAN_UID, "Explicit VR Big Endian", true, true, false, Codec.NATIVE);
  public static final TransferSyntax RLE_LOSSLESS =
      add(RLE_LOSSLESS_UID, "RLE Lossless", true, false, false, Codec.RLE);
  public static final TransferSyntax JPEG_BASELINE =
      add(JPEG_BASELINE_UID, "JPEG Baseline (Process 1)", true, false, false,
          Codec.JPEG_BASELINE);
  public static final TransferSyntax JPEG_EXTENDED =
      add(JPEG_EXTENDED_UID, "JPEG Extended (Process 2 & 4)", true, false, false,
          Codec.JPEG_EXTENDED);
  public static final TransferSyntax JPEG_LOSSLESS =
      add(JPEG_LOSSLESS_UID, "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false,
          Codec.JPEG_LOSSLESS);
  public static final TransferSyntax JPEG_LOSSLESS_SV1 =
      add(JPEG_LOSSLESS_SV1_UID, "JPEG Lossless, Non-Hierarchical, First-Order Prediction "
          + "(Process 14 [Selection Value 1])", true, false, false, Codec.JPEG_LOSSLESS);
  public static final TransferSyntax JPEG_LS_LOSSLESS =
      add(JPEG_LS_LOSSLESS_UID, "JPEG-LS Lossless", true, false, false, Codec.JPEG_LS);
  public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS =
      add(JPEG_LS_NEAR_LOSSLESS_UID, "JPEG-LS Lossy (Near-Lossless)", true, false, false,
          Codec.JPEG_LS);
  public static final TransferSyntax JPEG_2000_LOSSLESS =
      add(JPEG_2000_LOSSLESS_UID, "JPEG 2000 Image Compression (Lossless Only)", true, false,
          false, Codec.JPEG_2000);
  public static final TransferSyntax JPEG_2000 =
      add(JPEG_2000_UID, "JPEG 2000 Image Compression", true, false, false, Codec.JPEG_2000);

  static {
    // retired JPEG processes still found in archives: decoded through ImageIO when it can
    add("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) "
        + "(Retired)", true, false, false, Codec.JPEG_EXTENDED);
    add("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) "
        + "(Retired)", true, false, false, Codec.JPEG_EXTENDED);
    add("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true, false, false,
        Codec.UNSUPPORTED);
    add("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true, false,
        false, Codec.UNSUPPORTED);
    add("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)", true, false,
        false, Codec.UNSUPPORTED);
    add("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", true, false, false,
        Codec.UNSUPPORTED);
  }

  private final String uid;
  private final String name;
  private final boolean explicitVr;
  private final boolean bigEndian;
  private final boolean deflated;
  private final Codec codec;

  private TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
      boolean deflated, Codec codec) {
    this.uid = uid;
    this.name = name;
    this.explicitVr = explicitVr;
    this.bigEndian = bigEndian;
    this.deflated = deflated;
    this.codec = codec;
  }

  private static TransferSyntax add(String uid, String name, boolean explicitVr,
      boolean bigEndian, boolean deflated, Codec codec) {
    TransferSyntax ts = new TransferSyntax(uid, name, explicitVr, bigEndian, deflated, codec);
    KNOWN.put(uid, ts);
    return ts;
  }

  /**
   * The transfer syntax of a UID. Unknown UIDs give an explicit VR little endian syntax whose
   * pixel data is {@link Codec#UNSUPPORTED} (every standard compressed syntax is explicit VR LE).
   */
  public static TransferSyntax of(String uid) {
    String u = uid == null ? "" : uid.trim();
    TransferSyntax ts = KNOWN.get(u);
    if (ts != null) {
      return ts;
    }
    return new TransferSyntax(u, "unknown transfer syntax", true, false, false, Codec.UNSUPPORTED);
  }

  /** Is this UID one medbeam knows by name? */
  public static boolean isKnown(String uid) {
    return KNOWN.containsKey(uid);
  }

  public String uid() {
    return uid;
  }

  public String name() {
    return name;
  }

  public boolean explicitVr() {
    return explicitVr;
  }

  public boolean bigEndian() {
    return bigEndian;
  }

  public boolean deflated() {
    return deflated;
  }

  public Codec codec() {
    return codec;
  }

  /** Is pixel data encapsulated (fragments in items) rather than native? */
  public boolean encapsulated() {
    return codec != Codec.NATIVE;
  }

  @Override
  public String toString() {
    return name + " (" + uid + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransferSyntax && ((TransferSyntax) o).uid.equals(uid);
  }

  @Override
  public int hashCode() {
    return uid.hashCode();
  }
}
