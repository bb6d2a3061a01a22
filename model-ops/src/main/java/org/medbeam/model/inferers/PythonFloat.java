package org.medbeam.model.inferers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)} (and numpy's {@code str(np.float64)}), so files MONAI writes with
 * {@code str(value)} come out identical: the shortest decimal that reads back as the same double,
 * positional when {@code 1e-4 <= |x| < 1e16} ({@code "0.5"}, {@code "100.0"}), else scientific
 * with a signed two-digit exponent ({@code "1e-05"}, {@code "1.5e+16"}).
 */
public final class PythonFloat {
  private PythonFloat() {}

  public static String repr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal s = shortest(d).stripTrailingZeros();
    String digits = s.unscaledValue().abs().toString();
    int exp10 = digits.length() - 1 - s.scale();
    StringBuilder sb = new StringBuilder();
    if (d < 0) {
      sb.append('-');
    }
    if (exp10 >= -4 && exp10 < 16) {
      String plain = s.abs().toPlainString();
      sb.append(plain);
      if (plain.indexOf('.') < 0) {
        sb.append(".0");
      }
    } else {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp10 < 0 ? '-' : '+');
      int e = Math.abs(exp10);
      if (e < 10) {
        sb.append('0');
      }
      sb.append(e);
    }
    return sb.toString();
  }

  /** The shortest decimal reading back as {@code d}; among those, the closest to it. */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        return r;
      }
      // near a power of two the interval is lopsided: a neighbour may read back when the
      // nearest does not
      BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-r.scale());
      BigDecimal best = null;
      for (BigDecimal c : new BigDecimal[] {r.add(unit), r.subtract(unit)}) {
        if (c.precision() <= p && c.doubleValue() == d
            && (best == null
                || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = c;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return exact.round(MathContext.DECIMAL64);
  }
}
