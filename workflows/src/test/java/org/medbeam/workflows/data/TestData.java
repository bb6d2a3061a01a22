package org.medbeam.workflows.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.medbeam.core.Sample;
import org.medbeam.io.SaveImage;
import org.medbeam.io.nifti.NiftiWriter;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.workflows.demo.SyntheticCt;

/** Small synthetic cases on disk and the chains the dataset tests use. */
public final class TestData {
  private TestData() {}

  /** Cases {@code 0..n-1} of seed {@code seed} as NIfTI image/label files; datalist items. */
  public static List<Sample> niftiItems(Path dir, long seed, int n, int size) throws IOException {
    Files.createDirectories(dir);
    List<Sample> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SyntheticCt.Case c = SyntheticCt.generate(seed, i, size);
      Path img = dir.resolve(c.id + "_img.nii.gz");
      Path lab = dir.resolve(c.id + "_seg.nii.gz");
      SaveImage.writeAtomically(c.image, img.toString(), NiftiWriter.create());
      SaveImage.writeAtomically(c.label, lab.toString(), NiftiWriter.create());
      items.add(Sample.of(c.id).with("image", img.toString()).with("label", lab.toString()));
    }
    return items;
  }

  /** Orientation, spacing, scaling (deterministic), then a crop, a flip and noise (random). */
  public static String chainJson(double pixdim) {
    return "{\"_target_\": \"Compose\", \"lazy\": true, \"transforms\": ["
        + "{\"_target_\": \"Orientationd\", \"keys\": [\"image\", \"label\"],"
        + " \"axcodes\": \"RAS\"},"
        + "{\"_target_\": \"Spacingd\", \"keys\": [\"image\", \"label\"], \"pixdim\": ["
        + pixdim + ", " + pixdim + ", 2.0], \"mode\": [\"bilinear\", \"nearest\"]},"
        + "{\"_target_\": \"ScaleIntensityRanged\", \"keys\": \"image\", \"a_min\": -200,"
        + " \"a_max\": 250, \"b_min\": 0.0, \"b_max\": 1.0, \"clip\": true},"
        + "{\"_target_\": \"SpatialPadd\", \"keys\": [\"image\", \"label\"],"
        + " \"spatial_size\": [16, 16, 8]},"
        + "{\"_target_\": \"RandCropByPosNegLabeld\", \"keys\": [\"image\", \"label\"],"
        + " \"label_key\": \"label\", \"spatial_size\": [16, 16, 8], \"num_samples\": 2},"
        + "{\"_target_\": \"RandFlipd\", \"keys\": [\"image\", \"label\"], \"prob\": 0.5,"
        + " \"spatial_axis\": 0},"
        + "{\"_target_\": \"RandGaussianNoised\", \"keys\": \"image\", \"prob\": 0.5,"
        + " \"std\": 0.02}"
        + "]}";
  }

  public static ChainSplit chain(double pixdim) {
    return ChainSplit.fromConfig(ChainConfig.parse(chainJson(pixdim)), "test chain");
  }

  /** DirectRunner options without the immutability/encodability re-checks. */
  public static PipelineOptions direct() {
    DirectOptions o = PipelineOptionsFactory.create().as(DirectOptions.class);
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    o.setTargetParallelism(2);
    return o;
  }
}
