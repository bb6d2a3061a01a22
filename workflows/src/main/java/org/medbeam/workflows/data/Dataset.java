package org.medbeam.workflows.data;

import java.util.List;
import org.medbeam.core.Sample;

/**
 * A training or validation dataset as the trainer's {@link DataLoader} sees it (MONAI's {@code
 * Dataset} family): {@link #size()} items, each giving one or more samples per epoch (several
 * when a multi-sample transform, e.g. {@code RandCropByPosNegLabeld(num_samples=4)}, fans out;
 * the loader flattens them into the batch as MONAI's {@code list_data_collate} does).
 *
 * <p>Every implementation is deterministic: {@code get(i, epoch)} depends only on the item, the
 * seed and the epoch (random draws come from (seed, sample id, position, epoch)), never on which
 * thread asks or in what order. Implementations are safe to call from several loader threads.
 */
public interface Dataset {
  /** Number of items. */
  int size();

  /** Item {@code index} as it is in epoch {@code epoch} (0-based). */
  List<Sample> get(int index, long epoch);

  /**
   * Called by the loader before the first {@code get} of an epoch (a smart cache swaps its
   * content here); the default does nothing.
   */
  default void prepareEpoch(long epoch) {}

  /**
   * MONAI's plain {@code Dataset(data, transform)}: every access loads the item ({@link
   * LoadItems} on {@code loadKeys}) and runs the whole chain, prefix and suffix, for the epoch.
   */
  static TransformDataset of(List<Sample> items, ChainSplit chain, List<String> loadKeys,
      long seed) {
    return new TransformDataset(items, chain, loadKeys, seed, 1);
  }
}
