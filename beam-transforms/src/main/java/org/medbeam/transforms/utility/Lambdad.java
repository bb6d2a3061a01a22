package org.medbeam.transforms.utility;

import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code Lambdad}: a function per key (one for all, or one per key); with {@code overwrite}
 * false the result is dropped (for side effects), with a key name it is stored there instead.
 */
public final class Lambdad extends KeyedTransform implements InvertibleMapTransform {
  private static final long serialVersionUID = 1L;

  private final List<Lambda> lambdas;
  private final List<Object> overwrite;

  /**
   * @param overwrite per key: {@code Boolean.TRUE} (default), {@code Boolean.FALSE}, or a key name
   */
  public Lambdad(
      KeySelection keys,
      List<SerializableFunction<Volume, Volume>> func,
      List<SerializableFunction<Volume, Volume>> invFunc,
      List<Object> overwrite) {
    super(keys);
    List<SerializableFunction<Volume, Volume>> f = perKey("func", func);
    List<SerializableFunction<Volume, Volume>> g =
        invFunc == null ? null : perKey("inv_func", invFunc);
    this.lambdas =
        java.util.stream.IntStream.range(0, keys.keys().size())
            .mapToObj(i -> new Lambda(f.get(i), g == null ? null : g.get(i)))
            .collect(java.util.stream.Collectors.toList());
    this.overwrite = perKey("overwrite", overwrite == null ? List.of(Boolean.TRUE) : overwrite);
  }

  @Override
  public Sample apply(Sample sample, int threads) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      Volume v = lambdas.get(p.index).apply(sample.volume(p.key));
      Object o = overwrite.get(p.index);
      if (o instanceof String) {
        out = out.with((String) o, v);
      } else if (Boolean.TRUE.equals(o)) {
        out = out.with(p.key, v);
      }
    }
    return out;
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    return apply(sample, context.threads());
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return lambdas.get(keyIndex).apply(img);
  }

  @Override
  public Sample inverse(Sample sample) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, lambdas.get(p.index).inverse(sample.volume(p.key)));
    }
    return out;
  }
}
