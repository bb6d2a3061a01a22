package org.medbeam.io.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Specific Character Set (0008,0005) defined terms → Java charsets (PS3.3 C.12.1.1.2). Single-byte
 * sets and UTF-8/GB18030/GBK map exactly; ISO 2022 code extensions map to the charset of their
 * first term (escape sequences switching sets mid-value are not interpreted).
 */
final class DicomCharsets {
  private DicomCharsets() {}

  static Charset forTerms(String[] terms) {
    if (terms == null || terms.length == 0) {
      return StandardCharsets.ISO_8859_1;
    }
    String first = terms[0] == null ? "" : terms[0].trim();
    if (first.isEmpty() && terms.length > 1) {
      first = terms[1].trim();
    }
    return forTerm(first);
  }

  static Charset forTerm(String term) {
    String t = term.toUpperCase(Locale.ROOT).replace("ISO 2022 IR ", "ISO_IR ");
    t = t.replace("ISO_IR ", "").trim();
    String name;
    switch (t) {
      case "":
      case "6":
      case "100":
        name = "ISO-8859-1";
        break;
      case "101":
        name = "ISO-8859-2";
        break;
      case "109":
        name = "ISO-8859-3";
        break;
      case "110":
        name = "ISO-8859-4";
        break;
      case "144":
        name = "ISO-8859-5";
        break;
      case "127":
        name = "ISO-8859-6";
        break;
      case "126":
        name = "ISO-8859-7";
        break;
      case "138":
        name = "ISO-8859-8";
        break;
      case "148":
        name = "ISO-8859-9";
        break;
      case "203":
        name = "ISO-8859-15";
        break;
      case "166":
        name = "TIS-620";
        break;
      case "13":
        name = "Shift_JIS";
        break;
      case "87":
      case "159":
        name = "ISO-2022-JP";
        break;
      case "149":
        name = "EUC-KR";
        break;
      case "58":
        name = "GB2312";
        break;
      case "192":
        name = "UTF-8";
        break;
      case "GB18030":
        name = "GB18030";
        break;
      case "GBK":
        name = "GBK";
        break;
      default:
        name = "ISO-8859-1";
    }
    try {
      return Charset.forName(name);
    } catch (RuntimeException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }
}
