package org.medbeam.io.dicom;

/**
 * DICOM value representations (PS3.5 6.2). Knows how each is encoded in explicit VR (2- or 4-byte
 * length), its padding byte, and the width of one binary value.
 */
public enum VR {
  AE(true, false, ' ', 0),
  AS(true, false, ' ', 0),
  AT(false, false, 0, 4),
  CS(true, false, ' ', 0),
  DA(true, false, ' ', 0),
  DS(true, false, ' ', 0),
  DT(true, false, ' ', 0),
  FL(false, false, 0, 4),
  FD(false, false, 0, 8),
  IS(true, false, ' ', 0),
  LO(true, false, ' ', 0),
  LT(true, false, ' ', 0),
  OB(false, true, 0, 1),
  OD(false, true, 0, 8),
  OF(false, true, 0, 4),
  OL(false, true, 0, 4),
  OV(false, true, 0, 8),
  OW(false, true, 0, 2),
  PN(true, false, ' ', 0),
  SH(true, false, ' ', 0),
  SL(false, false, 0, 4),
  SQ(false, true, 0, 0),
  SS(false, false, 0, 2),
  ST(true, false, ' ', 0),
  SV(false, true, 0, 8),
  TM(true, false, ' ', 0),
  UC(true, true, ' ', 0),
  UI(true, false, 0, 0),
  UL(false, false, 0, 4),
  UN(false, true, 0, 1),
  UR(true, true, ' ', 0),
  US(false, false, 0, 2),
  UT(true, true, ' ', 0),
  UV(false, true, 0, 8);

  private final boolean string;
  private final boolean longLength;
  private final int padding;
  private final int valueBytes;

  VR(boolean string, boolean longLength, int padding, int valueBytes) {
    this.string = string;
    this.longLength = longLength;
    this.padding = padding;
    this.valueBytes = valueBytes;
  }

  /** Character-string VRs (AE … UT). */
  public boolean isString() {
    return string;
  }

  /**
   * In explicit VR, is the length 4 bytes after 2 reserved bytes (OB, OD, OF, OL, OV, OW, SQ, SV,
   * UC, UN, UR, UT, UV) rather than 2 bytes?
   */
  public boolean hasLongLength() {
    return longLength;
  }

  /** The byte that pads an odd-length value: space for text, NUL for UI and binary. */
  public int padding() {
    return padding;
  }

  /** Bytes per binary value (US 2, FD 8, …); 0 for strings and sequences. */
  public int valueBytes() {
    return valueBytes;
  }

  /** Can a value of this VR be large bulk data worth skipping in a header scan? */
  public boolean isBulkCapable() {
    return this == OB || this == OW || this == OF || this == OD || this == OL || this == OV
        || this == UN || this == UT || this == UC || this == UR || this == LT;
  }

  /** The two-character code packed as it appears in a file ({@code 'U'<<8 | 'S'}). */
  public int code() {
    String n = name();
    return (n.charAt(0) << 8) | n.charAt(1);
  }

  private static final VR[] BY_CODE = new VR[1 << 16];

  static {
    for (VR vr : values()) {
      BY_CODE[vr.code()] = vr;
    }
  }

  /** The VR for two code bytes, or {@code null} when they are not a known VR. */
  public static VR fromCode(int code) {
    return code < 0 || code >= BY_CODE.length ? null : BY_CODE[code];
  }

  /** The VR for a two-letter name, or {@code null}. */
  public static VR fromName(String name) {
    if (name == null || name.length() != 2) {
      return null;
    }
    return fromCode((name.charAt(0) << 8) | name.charAt(1));
  }
}
