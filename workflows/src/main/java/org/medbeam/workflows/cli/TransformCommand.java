package org.medbeam.workflows.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageFormats;
import org.medbeam.io.LoadImage;
import org.medbeam.io.SaveImage;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medbeam transform}: runs a MONAI Bundle-style transform chain on one image (array
 * transforms) or on a dictionary of images (dictionary transforms), so a chain can be checked
 * before a big run.
 */
@Command(
    name = "transform",
    mixinStandardHelpOptions = true,
    description = {
      "Run a transform chain from a config on images and write the results.",
      "",
      "Array chains (Spacing, Orientation, ...): medbeam transform --config c.json IN OUT",
      "Dictionary chains (Spacingd, RandCropByPosNegLabeld, ...):",
      "  medbeam transform --config c.json --key image=ct.nii.gz --key label=seg.nii.gz OUTDIR",
      "  writes OUTDIR/<key>.nii.gz, or <key>_<i>.nii.gz when the chain yields several samples.",
      "The config is a JSON/YAML list of {\"_target_\": ...} specs, a Compose spec, or a",
      "bundle-style document whose \"preprocessing\" section is used."
    })
final class TransformCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Chain config (JSON or YAML).")
  Path config;

  @Option(names = "--seed", defaultValue = "0", description = "Seed for random transforms (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--key", paramLabel = "KEY=FILE", description = "Dictionary mode: an input under a key (repeatable).")
  Map<String, String> keys = new LinkedHashMap<>();

  @Option(names = "--ext", defaultValue = ".nii.gz", description = "Dictionary mode: output suffix (default: ${DEFAULT-VALUE}).")
  String ext;

  @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads (0 = all cores).")
  int threads;

  @Parameters(paramLabel = "FILES", description = "IN OUT (array mode) or OUTDIR (dictionary mode).")
  List<String> files = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    Parallel.setDefaultThreads(t);
    Object doc = ChainConfig.parse(config);
    Compose chain =
        doc instanceof Map && ((Map<?, ?>) doc).containsKey("preprocessing")
            ? ChainConfig.section(doc, "preprocessing")
            : ChainConfig.toCompose(doc, config.toString());
    boolean dictionary = !keys.isEmpty();
    PrintWriter out = spec.commandLine().getOut();
    if (!dictionary) {
      if (files.size() != 2) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "array mode needs IN and OUT (or use --key KEY=FILE ... OUTDIR)");
      }
      for (Object item : chain.transforms()) {
        if (item instanceof MapTransform && !(item instanceof Compose)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "the chain holds dictionary transforms (" + item.getClass().getSimpleName()
                  + "); give the inputs with --key image=FILE ... OUTDIR");
        }
      }
      Volume v = LoadImage.create().apply(files.get(0));
      Volume r = chain.setRandomState(seed).apply(v);
      SaveImage.writeAtomically(r, files.get(1), ImageFormats.writerFor(files.get(1)));
      out.println(files.get(1));
      return 0;
    }
    if (files.size() != 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "dictionary mode needs one OUTDIR after the --key inputs");
    }
    String outDir = files.get(0);
    Sample s = Sample.of(keys.values().iterator().next());
    for (Map.Entry<String, String> e : keys.entrySet()) {
      s = s.with(e.getKey(), LoadImage.create().apply(e.getValue()));
    }
    List<Sample> results = chain.applyAll(s, TransformContext.of(seed).withThreads(t));
    for (int i = 0; i < results.size(); i++) {
      Sample r = results.get(i);
      for (String key : r.keys()) {
        Object v = r.get(key);
        if (!(v instanceof Volume)) {
          continue;
        }
        String name = outDir + "/" + key + (results.size() > 1 ? "_" + i : "") + ext;
        Volume vol = ((Volume) v).withMeta(Metadata.FILENAME, name);
        SaveImage.writeAtomically(vol, name, ImageFormats.writerFor(name));
        out.println(name);
      }
    }
    return 0;
  }
}
