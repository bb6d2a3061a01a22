package org.medbeam.workflows.demo;

import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;

/**
 * Synthetic CT-like cases with ground truth, for the demo, the bundled sample and benchmarks.
 *
 * <p>Each case is defined in world millimetres (RAS): a body (soft tissue, ~40 HU) inside air
 * (-1000 HU), an "organ" (label 1, ~+105 HU: an ellipsoid bent by a low-frequency wobble) and a
 * second, hypodense organ (label 2, ~-20 HU: a smaller ellipsoid, tilted in the axial plane,
 * beside the first and overlapping it at times — it used to be a small spherical "lesion", which
 * at 48 voxels was a few voxels across: too small to segment reliably after resampling, so it
 * is kidney-sized now). Shapes, sizes, positions and intensities vary with the case seed; the
 * voxel grid varies too (spacing, axis order and direction), so the same anatomy reaches the
 * pipeline in different orientations and spacings, as real archives do. Image and label are
 * sampled at the same voxel centres, so they agree exactly; the image gets Gaussian noise (σ ≈
 * 12 HU) and the int16 type of CT.
 */
public final class SyntheticCt {
  /** A generated case: image (int16 HU) and label (uint8 0/1/2) on the same grid. */
  public static final class Case {
    public final String id;
    public final Volume image;
    public final Volume label;

    Case(String id, Volume image, Volume label) {
      this.id = id;
      this.image = image;
      this.label = label;
    }
  }

  private SyntheticCt() {}

  /**
   * Case {@code index} of the archive seeded by {@code seed}.
   *
   * @param size voxels per axis before spacing variation (the grid is about size × size × size*0.6)
   */
  public static Case generate(long seed, int index, int size) {
    RandomState r = RandomState.forSample(seed, "synthetic-ct-" + index, 0, 0);
    // anatomy in world mm, centred near the origin
    double bodyA = r.uniform(0.40, 0.46) * size;
    double bodyB = r.uniform(0.30, 0.36) * size;
    double[] organC = {r.uniform(-0.16, -0.04) * size, r.uniform(-0.05, 0.05) * size,
        r.uniform(-0.04, 0.04) * size};
    double[] organR = {r.uniform(0.17, 0.22) * size, r.uniform(0.13, 0.17) * size,
        r.uniform(0.12, 0.16) * size};
    double wobble = r.uniform(0.05, 0.15);
    double phase = r.uniform(0, 2 * Math.PI);
    double[] lesionR = {r.uniform(0.10, 0.13) * size, r.uniform(0.08, 0.10) * size,
        r.uniform(0.08, 0.11) * size};
    double[] lesionC = {
      organC[0] + r.uniform(0.28, 0.34) * size, organC[1] + r.uniform(-0.05, 0.05) * size,
      organC[2] + r.uniform(-0.03, 0.03) * size
    };
    double tilt = r.uniform(-0.6, 0.6);
    double cosT = Math.cos(tilt);
    double sinT = Math.sin(tilt);
    double organHu = r.uniform(90, 120);
    double lesionHu = r.uniform(-30, -10);
    double tissueHu = r.uniform(30, 50);

    // the voxel grid: spacing and axis directions vary per case
    double sx = r.uniform(0.9, 1.3);
    double sz = r.uniform(1.4, 2.2);
    int nx = (int) Math.round(size / sx);
    int ny = nx;
    int nz = (int) Math.round(size * 0.6 / sz);
    boolean flipX = r.rand() < 0.5;
    boolean flipY = r.rand() < 0.5;
    boolean swapXY = r.rand() < 0.3;
    double[] colI = swapXY ? new double[] {0, sx, 0} : new double[] {sx, 0, 0};
    double[] colJ = swapXY ? new double[] {sx, 0, 0} : new double[] {0, sx, 0};
    if (flipX) {
      colI = new double[] {-colI[0], -colI[1], -colI[2]};
    }
    if (flipY) {
      colJ = new double[] {-colJ[0], -colJ[1], -colJ[2]};
    }
    double[] colK = {0, 0, sz};
    double[] origin = new double[3];
    for (int a = 0; a < 3; a++) {
      origin[a] = -(colI[a] * (nx - 1) + colJ[a] * (ny - 1) + colK[a] * (nz - 1)) / 2.0;
    }
    Affine affine = Affine.of(
        colI[0], colJ[0], colK[0], origin[0],
        colI[1], colJ[1], colK[1], origin[1],
        colI[2], colJ[2], colK[2], origin[2],
        0, 0, 0, 1);

    int n = nx * ny * nz;
    short[] img = new short[n];
    byte[] lab = new byte[n];
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          double x = colI[0] * i + colJ[0] * j + colK[0] * k + origin[0];
          double y = colI[1] * i + colJ[1] * j + colK[1] * k + origin[1];
          double z = colI[2] * i + colJ[2] * j + colK[2] * k + origin[2];
          int idx = i + nx * (j + ny * k);
          double hu = -1000;
          int label = 0;
          if ((x * x) / (bodyA * bodyA) + (y * y) / (bodyB * bodyB) <= 1) {
            hu = tissueHu;
            double dx = (x - organC[0]) / organR[0];
            double dy = (y - organC[1]) / organR[1];
            double dz = (z - organC[2]) / organR[2];
            double bend = 1 + wobble * Math.sin(3 * Math.atan2(dy, dx) + phase);
            if (dx * dx + dy * dy + dz * dz <= bend * bend) {
              hu = organHu;
              label = 1;
            }
            double ux = x - lesionC[0];
            double uy = y - lesionC[1];
            double lx = (cosT * ux + sinT * uy) / lesionR[0];
            double ly = (-sinT * ux + cosT * uy) / lesionR[1];
            double lz = (z - lesionC[2]) / lesionR[2];
            if (lx * lx + ly * ly + lz * lz <= 1) {
              hu = lesionHu;
              label = 2;
            }
          }
          img[idx] = (short) Math.max(-1024, Math.min(3071, Math.round(hu + 12 * r.standardNormal())));
          lab[idx] = (byte) label;
        }
      }
    }
    String id = String.format("case%03d", index);
    Metadata meta = Metadata.of(Metadata.FILENAME, id);
    Volume image = Volume.wrap(img, DType.INT16, new int[] {1, nx, ny, nz}, affine).withMeta(meta);
    Volume labels = Volume.wrap(lab, DType.UINT8, new int[] {1, nx, ny, nz}, affine).withMeta(meta);
    return new Case(id, image, labels);
  }
}
