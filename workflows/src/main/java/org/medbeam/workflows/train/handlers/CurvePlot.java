package org.medbeam.workflows.train.handlers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.medbeam.workflows.train.Evaluator;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.Workflow;

/**
 * {@code curves.png}: the training loss (left panel) and the validation key metric (right
 * panel, when validation ran) against the epoch, drawn with java.awt from a {@link TrainingLog};
 * rewritten after every epoch. Attach after the log.
 */
public final class CurvePlot implements Handler {
  static final int WIDTH = 1000;
  static final int HEIGHT = 420;
  private static final Color LOSS = new Color(31, 119, 180);
  private static final Color METRIC = new Color(44, 160, 44);

  private final Path png;
  private final TrainingLog log;

  public CurvePlot(Path png, TrainingLog log) {
    this.png = png;
    this.log = log;
  }

  @Override
  public void attach(Workflow engine) {
    engine.addEventHandler(Events.EPOCH_COMPLETED, e -> write());
  }

  /** Draws the current log into the file. */
  public void write() {
    List<double[]> loss = new ArrayList<>();
    List<double[]> metric = new ArrayList<>();
    for (TrainingLog.Row r : log.rows()) {
      if (!Double.isNaN(r.loss)) {
        loss.add(new double[] {r.epoch, r.loss});
      }
      Double m = r.metrics.get(Evaluator.KEY_METRIC);
      if (m != null && !m.isNaN()) {
        metric.add(new double[] {r.epoch, m});
      }
    }
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      panel(g, 0, "training loss", "loss", loss, LOSS, false);
      panel(g, WIDTH / 2, "validation " + Evaluator.KEY_METRIC, "Dice", metric, METRIC, true);
    } finally {
      g.dispose();
    }
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
      if (!ImageIO.write(img, "png", tmp.toFile())) {
        throw new IOException("no PNG writer available");
      }
      Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + png, ex);
    }
  }

  private static void panel(Graphics2D g, int x0, String title, String yLabel,
      List<double[]> pts, Color color, boolean unitRange) {
    int left = x0 + 80;
    int right = x0 + WIDTH / 2 - 20;
    int top = 45;
    int bottom = HEIGHT - 60;
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, left, top - 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString("epoch", (left + right) / 2 - 15, HEIGHT - 20);
    java.awt.geom.AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2, x0 + 18, (top + bottom) / 2.0);
    g.drawString(yLabel, x0 + 18, (top + bottom) / 2 + 4);
    g.setTransform(saved);
    if (pts.isEmpty()) {
      g.drawString("no values yet", left + 20, (top + bottom) / 2);
      return;
    }
    double xmin = pts.get(0)[0];
    double xmax = pts.get(pts.size() - 1)[0];
    if (xmax <= xmin) {
      xmin -= 1;
      xmax += 1;
    }
    double ymin = Double.POSITIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    for (double[] p : pts) {
      ymin = Math.min(ymin, p[1]);
      ymax = Math.max(ymax, p[1]);
    }
    if (unitRange) {
      ymin = Math.min(ymin, 0);
      ymax = Math.max(ymax, 1);
    } else {
      double pad = (ymax - ymin) * 0.05 + 1e-9;
      ymin -= pad;
      ymax += pad;
    }
    for (int t = 0; t <= 4; t++) {
      double v = ymin + (ymax - ymin) * t / 4;
      int y = (int) Math.round(bottom - (bottom - top) * (double) t / 4);
      g.drawLine(left - 5, y, left, y);
      g.drawString(String.format(Locale.ROOT, "%.3g", v), left - 52, y + 4);
      double ex = xmin + (xmax - xmin) * t / 4;
      int x = (int) Math.round(left + (right - left) * (double) t / 4);
      g.drawLine(x, bottom, x, bottom + 5);
      g.drawString(String.format(Locale.ROOT, "%.0f", ex), x - 8, bottom + 20);
    }
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    int px = -1;
    int py = -1;
    for (double[] p : pts) {
      int x = (int) Math.round(left + (p[0] - xmin) / (xmax - xmin) * (right - left));
      int y = (int) Math.round(bottom - (p[1] - ymin) / (ymax - ymin) * (bottom - top));
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      g.fillOval(x - 3, y - 3, 6, 6);
      px = x;
      py = y;
    }
  }
}
