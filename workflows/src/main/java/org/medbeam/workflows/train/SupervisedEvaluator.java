package org.medbeam.workflows.train;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Objects;
import org.medbeam.core.Volume;
import org.medbeam.model.inferers.Inferer;
import org.medbeam.model.inferers.SlidingWindowInferer;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.workflows.data.Dataset;

/**
 * MONAI's {@code SupervisedEvaluator}: the network (in eval mode, no autograd: {@link
 * BlockNetwork}) through an {@link Inferer} — usually MONAI's {@link SlidingWindowInferer} — on
 * every validation case, then argmax and the key metric ({@link Evaluator}). Run it from a
 * trainer with a {@code ValidationHandler}.
 */
public final class SupervisedEvaluator extends Evaluator {
  private final MonaiModule network;
  private final Map<String, Object> networkConfig;
  private final Inferer inferer;
  private final NDManager manager;

  /**
   * @param manager parent of the per-window native scopes (the trainer's model manager)
   */
  public SupervisedEvaluator(MonaiModule network, Map<String, Object> networkConfig,
      NDManager manager, Dataset data, Inferer inferer, String imageKey, String labelKey,
      int numClasses, int threads) {
    super(data, imageKey, labelKey, numClasses, threads);
    this.network = Objects.requireNonNull(network, "network");
    this.networkConfig = networkConfig == null ? Map.of() : networkConfig;
    this.manager = Objects.requireNonNull(manager, "manager");
    this.inferer = inferer instanceof SlidingWindowInferer
        ? ((SlidingWindowInferer) inferer).withThreads(Math.max(1, threads)) : inferer;
  }

  @Override
  protected Volume predict(Volume image) {
    Volume logits = inferer.infer(image, new BlockNetwork(network, manager)).get(0).volume();
    return argmax(logits);
  }

  @Override
  public MonaiModule network() {
    return network;
  }

  @Override
  public Map<String, Object> networkConfig() {
    return networkConfig;
  }
}
