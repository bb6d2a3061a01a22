package org.medbeam.workflows.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a training run produced: where the model is, how far it went and how good it got. {@link
 * #toJson()} is the {@code summary.json} of the output folder and the element the {@link Train}
 * transform outputs.
 */
public final class TrainResult {
  public final String output;
  public final String model;
  public final int epochs;
  public final long iterations;
  public final double finalLoss;
  public final double bestMetric;
  public final int bestMetricEpoch;
  public final int trainItems;
  public final int valItems;
  public final double seconds;
  public final long seed;
  public final boolean earlyStopped;

  TrainResult(String output, String model, int epochs, long iterations, double finalLoss,
      double bestMetric, int bestMetricEpoch, int trainItems, int valItems, double seconds,
      long seed, boolean earlyStopped) {
    this.output = output;
    this.model = model;
    this.epochs = epochs;
    this.iterations = iterations;
    this.finalLoss = finalLoss;
    this.bestMetric = bestMetric;
    this.bestMetricEpoch = bestMetricEpoch;
    this.trainItems = trainItems;
    this.valItems = valItems;
    this.seconds = seconds;
    this.seed = seed;
    this.earlyStopped = earlyStopped;
  }

  /** Reads {@link #toJson()}'s output back. */
  public static TrainResult fromJson(String json) {
    try {
      com.fasterxml.jackson.databind.JsonNode j = new ObjectMapper().readTree(json);
      boolean best = !j.path("best_metric").isNull() && !j.path("best_metric").isMissingNode();
      return new TrainResult(j.path("output").asText(), j.path("model").asText(),
          j.path("epochs").asInt(), j.path("iterations").asLong(),
          j.path("final_loss").asDouble(Double.NaN),
          best ? j.path("best_metric").asDouble() : Double.NaN,
          best ? j.path("best_metric_epoch").asInt() : -1, j.path("train_items").asInt(),
          j.path("val_items").asInt(), j.path("seconds").asDouble(), j.path("seed").asLong(),
          j.path("early_stopped").asBoolean());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a training summary: " + e.getMessage(), e);
    }
  }

  /** One JSON object. */
  public String toJson() {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("output", output);
    o.put("model", model);
    o.put("epochs", epochs);
    o.put("iterations", iterations);
    o.put("final_loss", finalLoss);
    if (bestMetricEpoch >= 0) {
      o.put("best_metric", bestMetric);
      o.put("best_metric_epoch", bestMetricEpoch);
    } else {
      o.putNull("best_metric");
      o.putNull("best_metric_epoch");
    }
    o.put("key_metric", Evaluator.KEY_METRIC);
    o.put("train_items", trainItems);
    o.put("val_items", valItems);
    o.put("seconds", Math.round(seconds * 1000) / 1000.0);
    o.put("seed", seed);
    o.put("early_stopped", earlyStopped);
    return o.toString();
  }
}
