package org.medbeam.transforms;

import java.io.Serializable;
import org.medbeam.core.Volume;

/**
 * An array-level deterministic transform (MONAI's {@code Transform.__call__}): a pure function
 * on a channel-first {@link Volume} that never modifies its input. Usable outside any pipeline:
 * {@code new Spacing(...).apply(volume)}.
 */
@FunctionalInterface
public interface Transform extends Serializable {
  Volume apply(Volume img);
}
