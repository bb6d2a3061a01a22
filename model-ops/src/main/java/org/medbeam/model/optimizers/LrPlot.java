package org.medbeam.model.optimizers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws the LR-finder curve with plain java.awt: framed axes, ticks, labels, legend. */
final class LrPlot {
  static final int WIDTH = 800;
  static final int HEIGHT = 520;
  static final Color CURVE = new Color(31, 119, 180);
  static final Color MARK = new Color(214, 39, 40);

  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private LrPlot() {}

  static void write(Path png, List<double[]> pts, double[] steepest, boolean logLr)
      throws IOException {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);

      double xmin = Double.POSITIVE_INFINITY;
      double xmax = Double.NEGATIVE_INFINITY;
      double ymin = Double.POSITIVE_INFINITY;
      double ymax = Double.NEGATIVE_INFINITY;
      for (double[] p : pts) {
        double x = logLr ? Math.log10(p[0]) : p[0];
        xmin = Math.min(xmin, x);
        xmax = Math.max(xmax, x);
        if (Double.isFinite(p[1])) {
          ymin = Math.min(ymin, p[1]);
          ymax = Math.max(ymax, p[1]);
        }
      }
      if (xmax == xmin) {
        xmax = xmin + 1;
      }
      if (!(ymax > ymin)) {
        ymax = ymin + 1;
      }
      double pad = 0.05 * (ymax - ymin);
      ymin -= pad;
      ymax += pad;
      int pw = WIDTH - LEFT - RIGHT;
      int ph = HEIGHT - TOP - BOTTOM;
      Axis ax = new Axis(xmin, xmax, LEFT, pw, false);
      Axis ay = new Axis(ymin, ymax, TOP + ph, ph, true);

      Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
      g.setFont(font);
      FontMetrics fm = g.getFontMetrics();
      g.setColor(new Color(235, 235, 235));
      g.setStroke(new BasicStroke(1f));
      List<Double> xt = logLr ? decades(xmin, xmax) : niceTicks(xmin, xmax);
      List<Double> yt = niceTicks(ymin, ymax);
      for (double t : xt) {
        int px = ax.px(t);
        g.drawLine(px, TOP, px, TOP + ph);
      }
      for (double t : yt) {
        int py = ay.px(t);
        g.drawLine(LEFT, py, LEFT + pw, py);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, pw, ph);
      for (double t : xt) {
        int px = ax.px(t);
        g.drawLine(px, TOP + ph, px, TOP + ph + 5);
        String s = logLr ? "1e" + (int) Math.round(t) : format(t);
        g.drawString(s, px - fm.stringWidth(s) / 2, TOP + ph + 8 + fm.getAscent());
      }
      for (double t : yt) {
        int py = ay.px(t);
        g.drawLine(LEFT - 5, py, LEFT, py);
        String s = format(t);
        g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 2);
      }
      String xl = logLr ? "Learning rate (log scale)" : "Learning rate";
      g.drawString(xl, LEFT + pw / 2 - fm.stringWidth(xl) / 2, HEIGHT - 18);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString("Loss", -(TOP + ph / 2) - fm.stringWidth("Loss") / 2, 22);
      g.setTransform(saved);
      Font title = font.deriveFont(Font.BOLD, 15f);
      g.setFont(title);
      String tt = "Learning rate range test";
      g.drawString(tt, LEFT + pw / 2 - g.getFontMetrics().stringWidth(tt) / 2, 30);
      g.setFont(font);

      g.setClip(LEFT, TOP, pw + 1, ph + 1);
      g.setColor(CURVE);
      g.setStroke(new BasicStroke(2f));
      Path2D.Double path = new Path2D.Double();
      boolean started = false;
      for (double[] p : pts) {
        if (!Double.isFinite(p[1])) {
          continue;
        }
        double x = ax.pxd(logLr ? Math.log10(p[0]) : p[0]);
        double y = ay.pxd(p[1]);
        if (started) {
          path.lineTo(x, y);
        } else {
          path.moveTo(x, y);
          started = true;
        }
      }
      g.draw(path);
      if (steepest != null) {
        g.setColor(MARK);
        int x = ax.px(logLr ? Math.log10(steepest[0]) : steepest[0]);
        int y = ay.px(steepest[1]);
        g.fillOval(x - 6, y - 6, 12, 12);
      }
      g.setClip(null);
      // legend, sized to its text
      String steepText =
          steepest == null
              ? ""
              : String.format(Locale.ROOT, "steepest gradient (lr %.3g)", steepest[0]);
      int lw = Math.max(fm.stringWidth("loss"), fm.stringWidth(steepText)) + 65;
      int lh = steepest != null ? 48 : 26;
      int lx = LEFT + pw - lw - 10;
      int ly = TOP + 12;
      g.setColor(Color.WHITE);
      g.fillRect(lx, ly, lw, lh);
      g.setColor(Color.GRAY);
      g.drawRect(lx, ly, lw, lh);
      g.setColor(CURVE);
      g.setStroke(new BasicStroke(2f));
      g.drawLine(lx + 10, ly + 13, lx + 40, ly + 13);
      g.setColor(Color.BLACK);
      g.drawString("loss", lx + 50, ly + 18);
      if (steepest != null) {
        g.setColor(MARK);
        g.fillOval(lx + 19, ly + 29, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString(steepText, lx + 50, ly + 40);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(img, "png", png.toFile())) {
      throw new IOException("no PNG writer available for " + png);
    }
  }

  private static final class Axis {
    final double lo;
    final double hi;
    final int origin;
    final int length;
    final boolean inverted;

    Axis(double lo, double hi, int origin, int length, boolean inverted) {
      this.lo = lo;
      this.hi = hi;
      this.origin = origin;
      this.length = length;
      this.inverted = inverted;
    }

    double pxd(double v) {
      double f = (v - lo) / (hi - lo) * length;
      return inverted ? origin - f : origin + f;
    }

    int px(double v) {
      return (int) Math.round(pxd(v));
    }
  }

  /** Integer powers of ten inside [lo, hi] (log10 units); the ends if none. */
  static List<Double> decades(double lo, double hi) {
    List<Double> out = new ArrayList<>();
    for (double d = Math.ceil(lo); d <= hi + 1e-9; d++) {
      out.add(d);
    }
    if (out.isEmpty()) {
      out.add(lo);
      out.add(hi);
    }
    return out;
  }

  /** About five round tick values covering [lo, hi]. */
  static List<Double> niceTicks(double lo, double hi) {
    double span = hi - lo;
    double raw = span / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
    }
    List<Double> out = new ArrayList<>();
    for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return out;
  }

  private static String format(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) {
      return String.format(Locale.ROOT, "%.1e", v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
