/**
 * MONAI's metrics ({@code monai.metrics}) on medbeam volumes, and their Beam transforms.
 *
 * <p>Array level (plain Java, no Beam, no DJL): {@link org.medbeam.model.metrics.DiceMetric},
 * {@link org.medbeam.model.metrics.MeanIoU}, {@link
 * org.medbeam.model.metrics.HausdorffDistanceMetric}, {@link
 * org.medbeam.model.metrics.SurfaceDistanceMetric}, {@link
 * org.medbeam.model.metrics.SurfaceDiceMetric}, {@link
 * org.medbeam.model.metrics.ConfusionMatrixMetric}, {@link org.medbeam.model.metrics.ROCAUCMetric},
 * {@link org.medbeam.model.metrics.MSEMetric}, {@link org.medbeam.model.metrics.MAEMetric}, {@link
 * org.medbeam.model.metrics.RMSEMetric}, {@link org.medbeam.model.metrics.PSNRMetric}: MONAI's
 * names, arguments, edge cases and cumulative {@code call}/{@code aggregate}/{@code reset} API
 * ({@link org.medbeam.model.metrics.CumulativeIterationMetric}). A MONAI batch {@code (B, C,
 * spatial)} is a {@code List<Volume>} of channel-first {@code (C, X, Y[, Z])} cases. Distances use
 * {@link org.medbeam.model.metrics.SurfaceDistances} and the exact linear-time {@link
 * org.medbeam.model.metrics.DistanceTransforms}; percentiles {@link
 * org.medbeam.model.metrics.Quantiles}.
 *
 * <p>Beam level: {@link org.medbeam.model.metrics.Metrics} (per-case values with failures,
 * summaries, MONAI {@code MetricsSaver} report files), configured with {@link
 * org.medbeam.model.metrics.MetricSpec}; {@link org.medbeam.model.metrics.MetricsEvaluation} is the
 * entry point of {@code medbeam metrics}.
 *
 * <p>Pinned to MONAI 1.4.0, scipy 1.10, numpy 1.24 and torch 1.13 by the fixtures under {@code
 * src/test/resources/metrics/} (make_fixtures.py).
 */
package org.medbeam.model.metrics;
