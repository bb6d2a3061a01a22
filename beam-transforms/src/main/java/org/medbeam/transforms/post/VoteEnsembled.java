package org.medbeam.transforms.post;

import java.util.List;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code VoteEnsembled}: {@link VoteEnsemble} of the keys' volumes into {@code output_key}.
 */
public final class VoteEnsembled extends Ensembled {
  private static final long serialVersionUID = 1L;

  private final VoteEnsemble ensemble;

  public VoteEnsembled(KeySelection keys, String outputKey, Integer numClasses) {
    super(keys, outputKey);
    this.ensemble = new VoteEnsemble(numClasses);
  }

  @Override
  Volume ensemble(List<Volume> preds) {
    return ensemble.apply(preds);
  }
}
