package org.medbeam.transforms.post;

import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code LabelToContour} ({@code kernel_type="Laplace"}): per channel, the correlation with
 * the Laplace kernel ({@code 8} / {@code 26} at the centre, {@code -1} around, zero padding)
 * clamped to {@code [0, 1]}: 1 on the inner border of binary objects. 2D and 3D; dtype kept.
 */
public final class LabelToContour implements Transform {
  private static final long serialVersionUID = 1L;

  public LabelToContour(String kernelType) {
    if (kernelType != null && !kernelType.equals("Laplace")) {
      throw new IllegalArgumentException(
          "LabelToContour: Currently only kernel_type=\"Laplace\" is supported, got \""
              + kernelType
              + "\"");
    }
  }

  public LabelToContour() {
    this("Laplace");
  }

  @Override
  public Volume apply(Volume img) {
    int r = img.spatialRank();
    if (r != 2 && r != 3) {
      throw new IllegalArgumentException(
          "LabelToContour can only handle 2D or 3D images, got " + r + " spatial dimensions");
    }
    int[] s = img.spatialShape();
    int nx = s[0];
    int ny = s[1];
    int nz = r == 3 ? s[2] : 1;
    int n = img.voxelsPerChannel();
    float[] x = img.toFloatArray();
    float center = r == 3 ? 26f : 8f;
    Object out = img.dtype().allocate(img.size());
    for (int c = 0; c < img.channels(); c++) {
      int base = c * n;
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          for (int i = 0; i < nx; i++) {
            float sum = 0f;
            for (int dz = (r == 3 ? -1 : 0); dz <= (r == 3 ? 1 : 0); dz++) {
              int zz = z + dz;
              if (zz < 0 || zz >= nz) {
                continue;
              }
              for (int dy = -1; dy <= 1; dy++) {
                int yy = y + dy;
                if (yy < 0 || yy >= ny) {
                  continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                  int xx = i + dx;
                  if (xx < 0 || xx >= nx || (dx == 0 && dy == 0 && dz == 0)) {
                    continue;
                  }
                  sum += x[base + xx + nx * (yy + ny * zz)];
                }
              }
            }
            int o = base + i + nx * (y + ny * z);
            float v = center * x[o] - sum;
            v = v < 0f ? 0f : (v > 1f ? 1f : v);
            Volume.store(out, img.dtype(), o, v);
          }
        }
      }
    }
    return img.withData(out, img.dtype(), img.shape());
  }
}
