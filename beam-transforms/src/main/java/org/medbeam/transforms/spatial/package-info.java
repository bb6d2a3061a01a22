/**
 * MONAI's spatial transforms ({@code monai.transforms.spatial}) on one resampling kernel.
 *
 * <ul>
 *   <li>{@link org.medbeam.transforms.spatial.Resampler}: the kernel. Output index → input index
 *       through a 4x4 voxel matrix (or a dense grid), PyTorch {@code grid_sample} interpolation
 *       and padding rules, float32 output, slab-parallel with an explicit thread count; a
 *       separable fast path (per-axis index/weight tables) for axis-aligned matrices.
 *   <li>Array transforms ({@code Spacing}, {@code Orientation}, {@code Flip}, {@code Rotate90},
 *       {@code Rotate}, {@code Zoom}, {@code Resize}, {@code Affine} and their {@code Rand*}
 *       forms, {@code Rand2DElastic}, {@code Rand3DElastic}) with MONAI's names, parameters,
 *       defaults, output shapes and affine updates; dictionary forms ({@code …d}) with per-key
 *       {@code mode}/{@code padding_mode}.
 *   <li>Every transform first builds a {@link org.medbeam.transforms.spatial.SpatialPlan} from the
 *       geometry alone (MONAI's {@code xform}, the output grid, the applied operation); executing
 *       it produces the voxels. {@link org.medbeam.transforms.spatial.LazyResampling} composes
 *       consecutive plans into one matrix (MONAI's lazy resampling, {@code
 *       Compose.withLazy(true)}).
 *   <li>Random transforms draw in MONAI's order: a {@link org.medbeam.core.RandomState} seeded
 *       like MONAI's {@code set_random_state(seed)} gives MONAI's draws; MONAI's helper generators
 *       (seeded with the same seed) are reproduced with {@link
 *       org.medbeam.core.RandomState#copy()}.
 *   <li>{@link org.medbeam.transforms.spatial.SpatialTransforms} registers everything for
 *       configs and the inverters of the recorded operations.
 * </ul>
 *
 * <p>Conventions: volumes are {@code (C, X, Y[, Z])}, first spatial index fastest; voxel sizes in
 * mm; matrices map output voxel indices to input voxel indices; MONAI's {@code align_corners}
 * rescalings are folded into the sampling matrices exactly as MONAI's code paths apply them
 * ({@code spatial_resample}/{@code rotate} vs {@code Affine}'s grid path differ).
 */
package org.medbeam.transforms.spatial;
