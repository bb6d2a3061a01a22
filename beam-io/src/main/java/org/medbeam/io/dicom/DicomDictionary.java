package org.medbeam.io.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DICOM data dictionary (PS3.6): tag → VR, VM and keyword, and keyword → tag. Used to give
 * implicit-VR elements their VR and to name tags in metadata and messages.
 *
 * <p>The entries live in the resource {@code org/medbeam/io/dicom/dictionary.tsv}, generated from
 * DCMTK's {@code dicom.dic} (DICOM 2022b) by {@code
 * beam-io/src/test/resources/dicom/make_dictionary.py}; regenerate it there, never by hand.
 * Repeating groups ({@code 60xx} overlays, {@code 50xx} curves) are matched by range. Private
 * tags are unknown here except private creators ({@code gggg,0010-00FF}: LO) and group lengths
 * ({@code gggg,0000}: UL).
 */
public final class DicomDictionary {
  /** One dictionary entry. {@code vr} is null for ambiguous VRs (see {@link #vrCode}). */
  public static final class Entry {
    final int tag;
    final String vrCode;
    final String vm;
    final String keyword;
    final boolean retired;

    Entry(int tag, String vrCode, String vm, String keyword, boolean retired) {
      this.tag = tag;
      this.vrCode = vrCode;
      this.vm = vm;
      this.keyword = keyword;
      this.retired = retired;
    }

    public String keyword() {
      return keyword;
    }

    public String vm() {
      return vm;
    }

    public boolean retired() {
      return retired;
    }

    /**
     * The VR as the standard lists it: a two-letter code, or for ambiguous entries DCMTK's
     * lower-case codes {@code xs} (US or SS), {@code ox}/{@code px} (OB or OW), {@code lt} (US,
     * SS or OW), {@code up} (UL), {@code na} (items and delimiters, no VR).
     */
    public String vrCode() {
      return vrCode;
    }
  }

  private static final class Range {
    final int glo;
    final int ghi;
    final char parity;
    final int elo;
    final int ehi;
    final Entry entry;

    Range(int glo, int ghi, char parity, int elo, int ehi, Entry entry) {
      this.glo = glo;
      this.ghi = ghi;
      this.parity = parity;
      this.elo = elo;
      this.ehi = ehi;
      this.entry = entry;
    }

    boolean matches(int tag) {
      int g = Tags.group(tag);
      int e = Tags.element(tag);
      if (g < glo || g > ghi || e < elo || e > ehi) {
        return false;
      }
      return parity == 'u' || (parity == 'e') == ((g & 1) == 0);
    }
  }

  private static volatile DicomDictionary standard;

  private final Map<Integer, Entry> byTag;
  private final Map<String, Integer> byKeyword;
  private final List<Range> ranges;

  private DicomDictionary(Map<Integer, Entry> byTag, Map<String, Integer> byKeyword,
      List<Range> ranges) {
    this.byTag = byTag;
    this.byKeyword = byKeyword;
    this.ranges = ranges;
  }

  /** The standard dictionary, loaded once from the resource. */
  public static DicomDictionary standard() {
    DicomDictionary d = standard;
    if (d == null) {
      synchronized (DicomDictionary.class) {
        if (standard == null) {
          standard = load();
        }
        d = standard;
      }
    }
    return d;
  }

  private static DicomDictionary load() {
    Map<Integer, Entry> byTag = new HashMap<>(8192);
    Map<String, Integer> byKeyword = new HashMap<>(8192);
    List<Range> ranges = new ArrayList<>();
    try (InputStream in = DicomDictionary.class.getResourceAsStream("dictionary.tsv")) {
      if (in == null) {
        throw new IllegalStateException("resource org/medbeam/io/dicom/dictionary.tsv missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty() || line.charAt(0) == '#') {
          continue;
        }
        String[] f = line.split("\t");
        if (f[0].equals("R")) {
          String[] g = f[1].split("-");
          String[] e = f[2].split("-");
          Entry entry = new Entry(0, f[3], f[4], f[5], false);
          ranges.add(new Range(Integer.parseInt(g[0], 16), Integer.parseInt(g[1], 16),
              g[2].charAt(0), Integer.parseInt(e[0], 16), Integer.parseInt(e[1], 16), entry));
        } else {
          int tag = (int) Long.parseLong(f[0], 16);
          Entry entry = new Entry(tag, f[1], f[2], f[3], f.length > 4 && f[4].equals("R"));
          byTag.put(tag, entry);
          byKeyword.put(f[3], tag);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the DICOM dictionary resource", e);
    }
    return new DicomDictionary(byTag, byKeyword, ranges);
  }

  /** The entry of a tag, or {@code null} when unknown (most private tags). */
  public Entry entry(int tag) {
    Entry e = byTag.get(tag);
    if (e != null) {
      return e;
    }
    for (Range r : ranges) {
      if (r.matches(tag)) {
        return r.entry;
      }
    }
    return null;
  }

  /** The keyword of a tag ({@code "PatientName"}), or {@code null} when unknown. */
  public String keyword(int tag) {
    Entry e = entry(tag);
    return e == null ? null : e.keyword;
  }

  /** The tag of a keyword, or -1 when unknown. Repeating-group keywords are not found here. */
  public int tagOf(String keyword) {
    Integer t = byKeyword.get(keyword);
    return t == null ? -1 : t;
  }

  /**
   * The VR an implicit-VR element of this tag has. Ambiguous entries resolve as PS3.5 Annex A
   * does for implicit VR: US/SS → US (the reader switches to SS for signed pixel data), OB/OW →
   * OW. Unknown tags are UN, except private creators (LO) and group lengths (UL).
   */
  public VR implicitVr(int tag) {
    Entry e = entry(tag);
    if (e == null) {
      if (Tags.element(tag) == 0) {
        return VR.UL;
      }
      if (Tags.isPrivate(tag) && Tags.element(tag) >= 0x10 && Tags.element(tag) <= 0xFF) {
        return VR.LO;
      }
      return VR.UN;
    }
    switch (e.vrCode) {
      case "xs":
        return VR.US;
      case "ox":
      case "px":
      case "lt":
        return VR.OW;
      case "up":
        return VR.UL;
      case "na":
        return VR.UN;
      default:
        VR vr = VR.fromName(e.vrCode);
        return vr == null ? VR.UN : vr;
    }
  }

  /** Is the standard VR of this tag {@code xs} (US or SS depending on PixelRepresentation)? */
  public boolean isUsOrSs(int tag) {
    Entry e = entry(tag);
    return e != null && e.vrCode.equals("xs");
  }

  /** Number of exact (non-range) entries. */
  public int size() {
    return byTag.size();
  }
}
