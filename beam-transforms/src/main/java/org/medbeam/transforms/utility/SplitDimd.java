package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MultiSampleTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code SplitDimd}: {@link SplitDim} (default {@code dim=0}) per key. The slices go under
 * {@code <key>_<postfix>} ({@code output_postfixes}, default the slice numbers; an existing key is
 * an error), or with {@code list_output} one output sample per slice with ids {@code <id>#<i>}.
 */
public final class SplitDimd implements MultiSampleTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final List<String> outputPostfixes;
  private final SplitDim splitter;
  private final boolean listOutput;

  public SplitDimd(
      KeySelection keys,
      List<String> outputPostfixes,
      int dim,
      boolean keepdim,
      boolean updateMeta,
      boolean listOutput) {
    if (listOutput && outputPostfixes != null) {
      throw new IllegalArgumentException(
          "SplitDimd: output_postfixes should not be provided when list_output is true");
    }
    this.keys = keys;
    this.outputPostfixes = outputPostfixes == null ? null : List.copyOf(outputPostfixes);
    this.splitter = new SplitDim(dim, keepdim, updateMeta);
    this.listOutput = listOutput;
  }

  @Override
  public List<Sample> applyMulti(Sample sample, TransformContext context) {
    if (listOutput) {
      List<KeySelection.Present> present = keys.present(sample);
      List<List<Volume>> parts = new ArrayList<>();
      int count = -1;
      for (KeySelection.Present p : present) {
        List<Volume> s = splitter.split(sample.volume(p.key));
        if (count >= 0 && s.size() != count) {
          throw new IllegalArgumentException(
              "SplitDimd: keys split into different numbers of slices");
        }
        count = s.size();
        parts.add(s);
      }
      List<Sample> out = new ArrayList<>();
      for (int i = 0; i < Math.max(count, 0); i++) {
        Sample s = sample.withId(sample.derivedId(i));
        for (int k = 0; k < present.size(); k++) {
          s = s.with(present.get(k).key, parts.get(k).get(i));
        }
        out.add(s);
      }
      return out;
    }
    Sample d = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      List<Volume> rets = splitter.split(sample.volume(p.key));
      if (outputPostfixes != null && outputPostfixes.size() != rets.size()) {
        throw new IllegalArgumentException(
            "SplitDimd: count of splits must match output_postfixes, "
                + outputPostfixes.size()
                + " != "
                + rets.size());
      }
      for (int i = 0; i < rets.size(); i++) {
        String key = p.key + "_" + (outputPostfixes == null ? i : outputPostfixes.get(i));
        if (d.has(key)) {
          throw new IllegalArgumentException("SplitDimd: input data already contains key " + key);
        }
        d = d.with(key, rets.get(i));
      }
    }
    return List.of(d);
  }
}
