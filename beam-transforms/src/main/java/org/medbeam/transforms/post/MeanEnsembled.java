package org.medbeam.transforms.post;

import java.util.List;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code MeanEnsembled}: {@link MeanEnsemble} of the keys' volumes into {@code output_key}.
 */
public final class MeanEnsembled extends Ensembled {
  private static final long serialVersionUID = 1L;

  private final MeanEnsemble ensemble;

  public MeanEnsembled(KeySelection keys, String outputKey, double[][] weights) {
    super(keys, outputKey);
    this.ensemble = new MeanEnsemble(weights);
  }

  @Override
  Volume ensemble(List<Volume> preds) {
    return ensemble.apply(preds);
  }
}
