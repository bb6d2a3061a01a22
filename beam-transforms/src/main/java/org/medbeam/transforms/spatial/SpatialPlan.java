package org.medbeam.transforms.spatial;

import java.util.Objects;
import org.medbeam.core.Affine;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * What one spatial operation does, worked out from the input {@link Geometry} alone: the output
 * geometry, MONAI's voxel-to-voxel matrix {@code xform} (output index → input index; the volume's
 * affine becomes {@code affine · xform}), the {@link AppliedOperation} to record, and how the
 * voxels are produced:
 *
 * <ul>
 *   <li>{@link Kind#NOOP}: voxels unchanged (optionally converted to float32);
 *   <li>{@link Kind#EXACT}: a flip/permutation, copied in the volume's own dtype;
 *   <li>{@link Kind#RESAMPLE}: grid sampling at {@code sampleMap·j} (MONAI's align_corners
 *       conventions folded in);
 *   <li>{@link Kind#INTERPOLATE}: PyTorch-interpolate tables per axis (Resize, Zoom).
 * </ul>
 *
 * <p>Plans are what lazy resampling composes: consecutive fusible plans multiply their {@code
 * xform}s and resample once with {@link #fuseMode()} / {@link #fusePadding()}.
 */
public final class SpatialPlan {
  /** How the voxels are produced. */
  public enum Kind {
    NOOP,
    EXACT,
    RESAMPLE,
    INTERPOLATE
  }

  private final Kind kind;
  private final Geometry in;
  private final Geometry out;
  private final Affine xform;
  private final AppliedOperation op;
  private final boolean toFloat;
  private final Affine sampleMap;
  private final GridSampleMode mode;
  private final GridSamplePadMode padding;
  private final boolean alignCorners;
  private final AxisTable[] tables;
  private final float[][] preSmooth;
  private final boolean fusible;
  private final GridSampleMode fuseMode;
  private final GridSamplePadMode fusePadding;

  private SpatialPlan(
      Kind kind,
      Geometry in,
      int[] outShape,
      Affine xform,
      AppliedOperation op,
      boolean toFloat,
      Affine sampleMap,
      GridSampleMode mode,
      GridSamplePadMode padding,
      boolean alignCorners,
      AxisTable[] tables,
      float[][] preSmooth,
      boolean fusible,
      GridSampleMode fuseMode,
      GridSamplePadMode fusePadding,
      Affine outAffine) {
    this.kind = kind;
    this.in = in;
    this.xform = xform;
    this.out =
        in.with(
            outShape,
            outAffine != null
                ? outAffine
                : xform == null ? in.affine() : in.affine().multiply(xform));
    this.op = op;
    this.toFloat = toFloat;
    this.sampleMap = sampleMap;
    this.mode = mode;
    this.padding = padding;
    this.alignCorners = alignCorners;
    this.tables = tables;
    this.preSmooth = preSmooth;
    this.fusible = fusible;
    this.fuseMode = fuseMode;
    this.fusePadding = fusePadding;
  }

  /** Voxels unchanged; the affine unchanged; {@code toFloat} converts to float32. */
  static SpatialPlan noop(Geometry in, AppliedOperation op, boolean toFloat) {
    return new SpatialPlan(
        Kind.NOOP, in, in.spatialShape(), null, op, toFloat, null, null, null, false, null, null,
        true, null, null, null);
  }

  /** An exact flip/permutation given by an integer-valued {@code xform}. */
  static SpatialPlan exact(Geometry in, int[] outShape, Affine xform, AppliedOperation op) {
    return new SpatialPlan(
        Kind.EXACT, in, outShape, xform, op, false, null, null, null, false, null, null, true,
        null, null, null);
  }

  /**
   * Grid sampling.
   *
   * @param xform MONAI's matrix (affine update, fusion)
   * @param sampleMap the matrix the eager resampling uses (differs from xform only through
   *     MONAI's align_corners rescalings)
   */
  static SpatialPlan resample(
      Geometry in,
      int[] outShape,
      Affine xform,
      Affine sampleMap,
      GridSampleMode mode,
      GridSamplePadMode padding,
      boolean alignCorners,
      AppliedOperation op) {
    return new SpatialPlan(
        Kind.RESAMPLE, in, outShape, xform, op, true, sampleMap, mode, padding, alignCorners,
        null, null, !alignCorners, mode, padding, null);
  }

  /** Interpolate-style tables (one per output axis; 3 entries, size-1 axes padded). */
  static SpatialPlan interpolate(
      Geometry in,
      int[] outShape,
      Affine xform,
      AxisTable[] tables,
      float[][] preSmooth,
      boolean fusible,
      GridSampleMode fuseMode,
      GridSamplePadMode fusePadding,
      AppliedOperation op) {
    return new SpatialPlan(
        Kind.INTERPOLATE, in, outShape, xform, op, true, null, null, null, false, tables,
        preSmooth, fusible && preSmooth == null, fuseMode, fusePadding, null);
  }

  public Kind kind() {
    return kind;
  }

  public Geometry in() {
    return in;
  }

  public Geometry out() {
    return out;
  }

  /** MONAI's voxel matrix (output index → input index); null when the affine is kept. */
  public Affine xform() {
    return xform;
  }

  public AppliedOperation op() {
    return op;
  }

  /** Whether lazy resampling may fold this op into a composed matrix. */
  public boolean fusible() {
    return fusible;
  }

  /** Interpolation of a fused resample containing this op; null = no preference (exact ops). */
  public GridSampleMode fuseMode() {
    return fuseMode;
  }

  /** Padding of a fused resample containing this op; null = no preference. */
  public GridSamplePadMode fusePadding() {
    return fusePadding;
  }

  /** A copy recording {@code newOp} instead (random transforms wrap the inner record). */
  SpatialPlan withOp(AppliedOperation newOp) {
    return new SpatialPlan(
        kind, in, out.spatialShape(), xform, newOp, toFloat, sampleMap, mode, padding,
        alignCorners, tables, preSmooth, fusible, fuseMode, fusePadding, out.affine());
  }

  /**
   * A copy whose output affine is {@code a} instead of {@code affine · xform} (Spacing's {@code
   * recompute_affine}); not fusible.
   */
  SpatialPlan withOutAffine(Affine a) {
    return new SpatialPlan(
        kind, in, out.spatialShape(), xform, op, toFloat, sampleMap, mode, padding, alignCorners,
        tables, preSmooth, false, fuseMode, fusePadding, a);
  }

  /** A copy that pushes nothing (inverses). */
  SpatialPlan untracked() {
    return withOp(null);
  }

  /**
   * Runs the op eagerly: produces the voxels, sets the new affine, pushes the record.
   *
   * @param threads intra-op threads
   */
  public Volume execute(Volume img, int threads) {
    Volume v;
    switch (kind) {
      case NOOP:
        v = toFloat ? img.asFloat32() : img;
        break;
      case EXACT:
        v = gather(img, threads);
        break;
      case RESAMPLE:
        v =
            Resampler.of(mode, padding)
                .withAlignCorners(alignCorners)
                .withThreads(threads)
                .resample(img, out.spatialShape(), sampleMap);
        break;
      default:
        v = interpolate(img, threads);
        break;
    }
    v = v.withAffine(out.affine());
    return op == null ? v : v.pushOperation(op);
  }

  private Volume gather(Volume img, int threads) {
    int[] in3 = Resampler.pad3(in.spatialShape());
    AxisTable[] t = exactTables(xform, in.rank(), in3, Resampler.pad3(out.spatialShape()));
    Object data = SeparableKernel.gather(img.array(), img.channels(), in3, t, threads);
    return img.withData(data, img.dtype(), out.fullShape());
  }

  /** One-tap tables of an integer-valued (flip/permutation) matrix. */
  static AxisTable[] exactTables(Affine m, int rank, int[] in3, int[] out3) {
    AxisTable[] t = new AxisTable[3];
    for (int a = 0; a < 3; a++) {
      if (a >= rank) {
        t[a] = AxisTable.identity(out3[a], a);
        continue;
      }
      int p = -1;
      for (int i = 0; i < rank; i++) {
        if (Math.abs(m.get(i, a)) > 0.5) {
          p = i;
        }
      }
      if (p < 0) {
        throw new IllegalStateException("not a permutation matrix: " + m);
      }
      long s = Math.round(m.get(p, a));
      long off = Math.round(m.get(p, 3));
      int[] idx = new int[out3[a]];
      double[] w = new double[out3[a]];
      for (int j = 0; j < out3[a]; j++) {
        long i = s * j + off;
        if (i < 0 || i >= in3[p]) {
          throw new IllegalStateException(
              "exact op reads outside the input (" + i + " on an axis of " + in3[p] + ")");
        }
        idx[j] = (int) i;
        w[j] = 1;
      }
      t[a] = new AxisTable(out3[a], 1, p, idx, w);
    }
    return t;
  }

  private Volume interpolate(Volume img, int threads) {
    int[] in3 = Resampler.pad3(in.spatialShape());
    Object src;
    if (preSmooth != null) {
      src =
          org.medbeam.transforms.intensity.SeparableFilter.apply(
              Resampler.floatStorage(img), img.channels(), in3, preSmooth, threads);
    } else {
      src = img.dtype() == DType.INT16 ? img.shorts() : Resampler.floatStorage(img);
    }
    float[] data = SeparableKernel.apply(src, img.channels(), in3, tables, threads);
    return img.withData(data, DType.FLOAT32, out.fullShape());
  }

  @Override
  public String toString() {
    return "SpatialPlan(" + kind + ", " + Objects.toString(op == null ? null : op.className())
        + ", " + in + " -> " + out + ")";
  }
}
