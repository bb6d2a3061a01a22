package org.medbeam.workflows.train;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.model.inferers.Inferer;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.workflows.data.Dataset;

/**
 * MONAI's {@code EnsembleEvaluator} with its ensembling post-transforms: every case through
 * {@code K} networks, then {@code "mean"} (MONAI's {@code MeanEnsemble} of the softmax
 * probabilities, then argmax) or {@code "vote"} ({@code VoteEnsemble}: each network's argmax,
 * the most frequent class per voxel, the lowest class on ties), then the key metric.
 */
public final class EnsembleEvaluator extends Evaluator {
  private final List<MonaiModule> networks;
  private final NDManager manager;
  private final Inferer inferer;
  private final boolean vote;

  /**
   * @param mode {@code "mean"} or {@code "vote"}
   */
  public EnsembleEvaluator(List<MonaiModule> networks, NDManager manager, Dataset data,
      Inferer inferer, String mode, String imageKey, String labelKey, int numClasses,
      int threads) {
    super(data, imageKey, labelKey, numClasses, threads);
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("EnsembleEvaluator: give at least one network");
    }
    if (!mode.equals("mean") && !mode.equals("vote")) {
      throw new IllegalArgumentException(
          "ensemble mode must be \"mean\" or \"vote\", got \"" + mode + "\"");
    }
    this.networks = List.copyOf(networks);
    this.manager = manager;
    this.inferer = inferer;
    this.vote = mode.equals("vote");
  }

  @Override
  protected Volume predict(Volume image) {
    int k = networks.size();
    float[] acc = null;
    Volume first = null;
    int n = 0;
    int c = 0;
    for (MonaiModule net : networks) {
      Volume logits = inferer.infer(image, new BlockNetwork(net, manager)).get(0).volume();
      if (first == null) {
        first = logits;
        c = logits.channels();
        n = logits.voxelsPerChannel();
        acc = new float[c * n];
      }
      if (vote) {
        byte[] cls = argmax(logits).bytes();
        for (int i = 0; i < n; i++) {
          acc[i + cls[i] * n] += 1;
        }
      } else {
        float[] v = logits.toFloatArray();
        for (int i = 0; i < n; i++) {
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < c; j++) {
            max = Math.max(max, v[i + j * n]);
          }
          double sum = 0;
          for (int j = 0; j < c; j++) {
            sum += Math.exp(v[i + j * n] - max);
          }
          for (int j = 0; j < c; j++) {
            acc[i + j * n] += (float) (Math.exp(v[i + j * n] - max) / sum / k);
          }
        }
      }
    }
    Volume combined = Volume.wrap(acc, DType.FLOAT32, first.shape(), first.affine())
        .withMeta(first.meta()).withAppliedOperations(first.appliedOperations());
    return argmax(combined);
  }

  @Override
  public MonaiModule network() {
    return networks.get(0);
  }

  @Override
  public Map<String, Object> networkConfig() {
    return Map.of();
  }
}
