package org.medbeam.model.networks.blocks;

import ai.djl.nn.Block;
import java.util.Locale;
import org.medbeam.model.networks.layers.Act;
import org.medbeam.model.networks.layers.Dropout;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Norm;
import org.medbeam.model.networks.layers.Sequential;

/**
 * MONAI's {@code ADN}: optional activation ({@code "A"}), dropout ({@code "D"}) and normalisation
 * ({@code "N"}) in the order {@code ordering} names them (default {@code "NDA"}); a null component
 * is left out, as MONAI's {@code None}.
 */
public final class ADN extends Sequential {
  /**
   * @param ordering letters A, D, N in application order
   * @param inChannels channels of the normalisation
   * @param act activation or null
   * @param norm normalisation or null
   * @param normDim spatial dims of the normalisation, or 0 for {@code dropoutDim}
   * @param dropout a probability ({@link Number}), a {@link LayerSpec}/config value, or null
   * @param dropoutDim dropout dimension (1 elementwise; 2, 3 channel-wise), or 0 for {@code
   *     normDim}
   */
  public ADN(
      String ordering,
      int inChannels,
      LayerSpec act,
      LayerSpec norm,
      int normDim,
      Object dropout,
      int dropoutDim) {
    Block a = act == null ? null : Act.create(act);
    Block n = null;
    if (norm != null) {
      if (normDim == 0 && dropoutDim == 0) {
        throw new IllegalArgumentException("ADN: norm_dim or dropout_dim needs to be specified.");
      }
      n = Norm.create(norm, normDim != 0 ? normDim : dropoutDim, inChannels);
    }
    Block d = null;
    if (dropout != null) {
      if (normDim == 0 && dropoutDim == 0) {
        throw new IllegalArgumentException("ADN: norm_dim or dropout_dim needs to be specified.");
      }
      d = Dropout.create(dropout, dropoutDim != 0 ? dropoutDim : normDim);
    }
    for (char c : ordering.toUpperCase(Locale.ROOT).toCharArray()) {
      Block item;
      switch (c) {
        case 'A':
          item = a;
          break;
        case 'D':
          item = d;
          break;
        case 'N':
          item = n;
          break;
        default:
          throw new IllegalArgumentException(
              "ADN: ordering must be a string of A, D and N, got " + c + " in '" + ordering + "'");
      }
      if (item != null) {
        add(String.valueOf(c), item);
      }
    }
  }
}
