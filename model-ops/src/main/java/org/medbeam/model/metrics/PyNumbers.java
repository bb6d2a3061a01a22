package org.medbeam.model.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How Python and numpy spell numbers, for CSV files that read exactly like MONAI's ({@code
 * monai.handlers.utils.write_metrics_reports}): {@link #repr} is Python's {@code str(float)},
 * {@link #float32Str} numpy's {@code str(np.float32(x))}, {@link #format4} Python's {@code
 * f"{x:.4f}"}. All use shortest round-trip digits / exact decimal rounding, independent of the
 * JDK's own {@code Double.toString}.
 */
final class PyNumbers {
  private PyNumbers() {}

  /** Python's {@code repr(float)}: shortest round-trip digits, scientific below 1e-4 or ≥ 1e16. */
  static String repr(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    return layout(shortest(v, false), v, null);
  }

  /** numpy's {@code str(np.float32(v))} (Dragon4 shortest digits of the float32 value). */
  static String float32Str(float v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    // numpy chooses the notation from the value itself: positional when 1e-4 <= |v| < 1e16
    double a = Math.abs((double) v);
    return layout(shortest(v, true), v, a == 0 || (a >= 1e-4 && a < 1e16));
  }

  /** Python's {@code f"{v:.4f}"}: the exact binary value rounded half-even to 4 decimals. */
  static String format4(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    String s = new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
    if (negative && !s.startsWith("-")) {
      s = "-" + s;
    }
    return s;
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return null;
  }

  /** Shortest decimal that reads back to v (as float32 when {@code asFloat}), closest if tied. */
  private static BigDecimal shortest(double v, boolean asFloat) {
    if (v == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal exact = new BigDecimal(v);
    int maxDigits = asFloat ? 9 : 17;
    for (int p = 1; p <= maxDigits; p++) {
      BigDecimal best = null;
      for (RoundingMode mode :
          new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal c = exact.round(new MathContext(p, mode));
        if (roundTrips(c, v, asFloat)
            && (best == null
                || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = c;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return exact.round(new MathContext(maxDigits, RoundingMode.HALF_EVEN));
  }

  private static boolean roundTrips(BigDecimal c, double v, boolean asFloat) {
    String s = c.toString();
    return asFloat ? Float.parseFloat(s) == (float) v : Double.parseDouble(s) == v;
  }

  /**
   * Python/numpy layout of digits {@code d}: positional ({@code "0.0001"}, {@code "12.0"}) or
   * scientific ({@code "1.5e-05"}, {@code "1e+16"}); Python decides by the decimal exponent ({@code
   * -4 <= exp < 16} is positional, {@code positional == null}), numpy by the value.
   */
  private static String layout(BigDecimal d, double v, Boolean positional) {
    boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
    String sign = negative ? "-" : "";
    if (d.signum() == 0) {
      return sign + "0.0";
    }
    BigDecimal a = d.abs().stripTrailingZeros();
    String digits = a.unscaledValue().toString();
    int exp = digits.length() - 1 - a.scale(); // decimal exponent of the first digit
    if (positional == null ? (exp < -4 || exp >= 16) : !positional) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exp));
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
    }
    String plain = a.toPlainString();
    if (!plain.contains(".")) {
      plain = plain + ".0";
    }
    return sign + plain;
  }
}
