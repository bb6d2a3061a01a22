package org.medbeam.model.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a metric's {@code aggregate()} gives: the reduced value and the not-NaN counts of the same
 * shape. MONAI returns {@code (f, not_nans)} only when the metric was built with {@code
 * get_not_nans=True}; here {@link #notNans()} is available under the same condition, otherwise it
 * throws and says how to ask for it. {@link #byLabel()} holds {@link DiceMetric}'s {@code
 * return_with_label} dictionary.
 */
public final class Aggregate {
  private final MetricTensor value;
  private final MetricTensor notNans;
  private final boolean notNansRequested;
  private final Map<String, Double> byLabel;

  Aggregate(MetricTensor value, MetricTensor notNans) {
    this(value, notNans, true, null);
  }

  private Aggregate(
      MetricTensor value, MetricTensor notNans, boolean notNansRequested, Map<String, Double> l) {
    this.value = value;
    this.notNans = notNans;
    this.notNansRequested = notNansRequested;
    this.byLabel = l == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(l));
  }

  Aggregate withNotNansRequested(boolean requested) {
    return new Aggregate(value, notNans, requested, byLabel);
  }

  Aggregate withByLabel(Map<String, Double> labels) {
    return new Aggregate(value, notNans, notNansRequested, labels);
  }

  /** The reduced metric ({@code f}). */
  public MetricTensor value() {
    return value;
  }

  /** The single value of a fully reduced metric ({@code f.item()}). */
  public double item() {
    return value.item();
  }

  /** The not-NaN counts ({@code not_nans}); only when the metric has {@code getNotNans(true)}. */
  public MetricTensor notNans() {
    if (!notNansRequested) {
      throw new IllegalStateException(
          "not_nans was not requested: build the metric with withGetNotNans(true) "
              + "(MONAI's get_not_nans=True)");
    }
    return notNans;
  }

  /**
   * DiceMetric's {@code return_with_label} result: label name → value rounded to 4 decimals, in
   * class order; {@code null} unless the metric was built with it and reduction {@code mean_batch}.
   */
  public Map<String, Double> byLabel() {
    return byLabel;
  }

  @Override
  public String toString() {
    return "Aggregate("
        + value
        + (notNansRequested ? ", not_nans=" + notNans : "")
        + (byLabel == null ? "" : ", " + byLabel)
        + ")";
  }
}
