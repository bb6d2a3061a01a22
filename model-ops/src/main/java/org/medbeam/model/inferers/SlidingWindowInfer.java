package org.medbeam.model.inferers;

import java.util.Objects;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.model.ModelDevice;
import org.medbeam.model.ModelSpec;

/**
 * Sliding-window inference over a {@code PCollection<Sample>} (MONAI's {@code
 * SlidingWindowInferer} inside an evaluator): reads the image under the input key ({@code
 * "image"}), runs {@link SlidingWindowInferer} with the model, and writes the prediction — a
 * float32 volume with the input's affine, metadata and applied operations, so it can be inverted
 * later — under the output key ({@code "pred"}; further model outputs under {@code pred_1},
 * {@code pred_2}, ...).
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Sample>, Failure> r = samples.apply(
 *     SlidingWindowInfer.of(ModelSpec.of("gs://bucket/unet.pt"))
 *         .withRoiSize(96, 96, 96).withSwBatchSize(4).withOverlap(0.25).withMode("gaussian"));
 * }</pre>
 *
 * <p>The input is reshuffled first so the expensive stage spreads over workers. Each worker JVM
 * loads the model once ({@code @Setup}, shared through {@code ModelCache}); each DoFn instance
 * has its own predictor. Samples without the key, with a channel count other than {@link
 * #withInputChannels}, or on which the model fails go to {@code failures()} and are counted in
 * the Beam counter {@code medbeam/sliding_window_infer_failures}.
 */
public final class SlidingWindowInfer
    extends PTransform<PCollection<Sample>, WithFailures.Result<PCollection<Sample>, Failure>> {
  private static final long serialVersionUID = 1L;
  static final String STAGE = "sliding_window_infer";

  private final ModelSpec model;
  private final SlidingWindowInferer inferer;
  private final boolean roiSet;
  private final String inputKey;
  private final String outputKey;
  private final int inputChannels;
  private final boolean reshuffle;
  private final String timingKey;

  private SlidingWindowInfer(
      ModelSpec model,
      SlidingWindowInferer inferer,
      boolean roiSet,
      String inputKey,
      String outputKey,
      int inputChannels,
      boolean reshuffle,
      String timingKey) {
    this.model = model;
    this.inferer = inferer;
    this.roiSet = roiSet;
    this.inputKey = inputKey;
    this.outputKey = outputKey;
    this.inputChannels = inputChannels;
    this.reshuffle = reshuffle;
    this.timingKey = timingKey;
  }

  /**
   * Records each sample's inference time (milliseconds, a {@code Double}) under {@code key};
   * off by default, since it makes otherwise bit-identical samples differ run to run.
   */
  public SlidingWindowInfer withTimingKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("withTimingKey: the key must be a non-empty string");
    }
    return new SlidingWindowInfer(model, inferer, roiSet, inputKey, outputKey, inputChannels,
        reshuffle, key);
  }

  /**
   * Inference with {@code model} and MONAI's defaults ({@code sw_batch_size=1, overlap=0.25,
   * mode="constant", sigma_scale=0.125, padding_mode="constant", cval=0}); {@link #withRoiSize}
   * is required.
   */
  public static SlidingWindowInfer of(ModelSpec model) {
    Objects.requireNonNull(model, "model");
    return new SlidingWindowInfer(
        model, SlidingWindowInferer.of(-1), false, "image", "pred", 0, true, null);
  }

  private SlidingWindowInfer with(SlidingWindowInferer i, boolean roi) {
    return new SlidingWindowInfer(
        model, i, roi, inputKey, outputKey, inputChannels, reshuffle, timingKey);
  }

  /** Window size: one value or one per spatial axis (X, Y[, Z]); non-positive = full size. */
  public SlidingWindowInfer withRoiSize(int... roiSize) {
    SlidingWindowInferer i =
        SlidingWindowInferer.of(roiSize)
            .withSwBatchSize(inferer.swBatchSize())
            .withOverlap(inferer.overlap())
            .withMode(inferer.mode())
            .withSigmaScale(inferer.sigmaScale())
            .withPaddingMode(inferer.paddingMode())
            .withCval(inferer.cval());
    return with(i, true);
  }

  /** Windows per forward pass, {@code >= 1}. */
  /**
   * Test-time augmentation instead of one pass: {@code numExamples} realizations of the random,
   * invertible {@code transform} chain (e.g. RandFlipd, RandRotate90d on the input key), each run
   * with these window settings and inverted back; see {@link TestTimeAugmentationInfer}.
   */
  public TestTimeAugmentationInfer withTestTimeAugmentation(
      org.medbeam.transforms.Compose transform, int numExamples) {
    if (!roiSet) {
      throw new IllegalStateException("SlidingWindowInfer needs withRoiSize(...) before TTA");
    }
    return new TestTimeAugmentationInfer(model,
        TestTimeAugmentation.of(transform, inferer).withNumExamples(numExamples)
            .withImageKey(inputKey), outputKey, 0);
  }

  /** All window settings at once, e.g. from a config ({@link Inferers#fromConfig}). */
  public SlidingWindowInfer withInferer(SlidingWindowInferer configured) {
    return with(Objects.requireNonNull(configured, "inferer"), true);
  }

  public SlidingWindowInfer withSwBatchSize(int n) {
    return with(inferer.withSwBatchSize(n), roiSet);
  }

  /** One value or one per spatial axis, each in [0, 1). */
  public SlidingWindowInfer withOverlap(double... overlap) {
    return with(inferer.withOverlap(overlap), roiSet);
  }

  /** {@code "constant"} or {@code "gaussian"}. */
  public SlidingWindowInfer withMode(String mode) {
    return with(inferer.withMode(mode), roiSet);
  }

  public SlidingWindowInfer withMode(BlendMode mode) {
    return with(inferer.withMode(mode), roiSet);
  }

  /** Gaussian sigma as a fraction of the window, one value or one per axis, each > 0. */
  public SlidingWindowInfer withSigmaScale(double... sigmaScale) {
    return with(inferer.withSigmaScale(sigmaScale), roiSet);
  }

  /** {@code "constant"}, {@code "reflect"}, {@code "replicate"} or {@code "circular"}. */
  public SlidingWindowInfer withPaddingMode(String mode) {
    return with(inferer.withPaddingMode(mode), roiSet);
  }

  public SlidingWindowInfer withPaddingMode(PytorchPadMode mode) {
    return with(inferer.withPaddingMode(mode), roiSet);
  }

  /** Fill value of constant padding. */
  public SlidingWindowInfer withCval(double cval) {
    return with(inferer.withCval(cval), roiSet);
  }

  /** The sample key of the image, default {@code "image"}. */
  public SlidingWindowInfer withInputKey(String key) {
    return new SlidingWindowInfer(
        model, inferer, roiSet, checkKey("inputKey", key), outputKey, inputChannels, reshuffle,
        timingKey);
  }

  /** The sample key of the prediction, default {@code "pred"}. */
  public SlidingWindowInfer withOutputKey(String key) {
    return new SlidingWindowInfer(
        model, inferer, roiSet, inputKey, checkKey("outputKey", key), inputChannels, reshuffle,
        timingKey);
  }

  /** Where the model runs: {@code auto} (default), {@code cpu}, {@code gpu[:N]}. */
  public SlidingWindowInfer withDevice(String device) {
    return withDevice(ModelDevice.parse(device));
  }

  public SlidingWindowInfer withDevice(ModelDevice device) {
    return new SlidingWindowInfer(
        model.withDevice(device), inferer, roiSet, inputKey, outputKey, inputChannels, reshuffle,
        timingKey);
  }

  /**
   * The channel count the model takes; a sample with another count becomes a failure naming both
   * (default 0: not checked, the model's own error reports it).
   */
  public SlidingWindowInfer withInputChannels(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("inputChannels must be >= 1, got " + channels);
    }
    return new SlidingWindowInfer(
        model, inferer, roiSet, inputKey, outputKey, channels, reshuffle, timingKey);
  }

  /** Skips the {@code Reshuffle} (when the input was just reshuffled); default on. */
  public SlidingWindowInfer withoutReshuffle() {
    return new SlidingWindowInfer(model, inferer, roiSet, inputKey, outputKey, inputChannels,
        false, timingKey);
  }

  static String checkKey(String name, String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(name + " must be a non-empty sample key, got "
          + (key == null ? "null" : "''"));
    }
    return key;
  }

  public ModelSpec model() {
    return model;
  }

  /** The inferer configuration (roi, batch, overlap, mode, padding). */
  public SlidingWindowInferer inferer() {
    return inferer;
  }

  @Override
  public WithFailures.Result<PCollection<Sample>, Failure> expand(PCollection<Sample> input) {
    if (!roiSet) {
      throw new IllegalArgumentException(
          "SlidingWindowInfer: withRoiSize(...) is required (e.g. withRoiSize(96, 96, 96));"
              + " use -1 for the full image size along an axis");
    }
    if (outputKey.equals(inputKey)) {
      throw new IllegalArgumentException(
          "SlidingWindowInfer: outputKey '" + outputKey + "' equals inputKey; the prediction would"
              + " replace the image (later inversion needs it): choose another outputKey");
    }
    return apply(input, model, inferer, inputKey, outputKey, inputChannels, reshuffle, STAGE,
        timingKey);
  }

  static WithFailures.Result<PCollection<Sample>, Failure> apply(
      PCollection<Sample> input,
      ModelSpec model,
      Inferer inferer,
      String inputKey,
      String outputKey,
      int inputChannels,
      boolean reshuffle,
      String stage,
      String timingKey) {
    PCollection<Sample> in =
        reshuffle ? input.apply("Reshuffle", Reshuffle.<Sample>viaRandomKey()) : input;
    TupleTag<Sample> mainTag = new TupleTag<Sample>() {};
    TupleTag<Failure> failureTag = new TupleTag<Failure>() {};
    InferFn fn = new InferFn(model, inferer, inputKey, outputKey, inputChannels, stage, timingKey,
        mainTag, failureTag);
    PCollectionTuple out =
        in.apply("Infer", ParDo.of(fn).withOutputTags(mainTag, TupleTagList.of(failureTag)));
    return WithFailures.Result.of(out, mainTag, failureTag);
  }

  @Override
  public String toString() {
    return "SlidingWindowInfer(" + model + ", " + inferer + ", " + inputKey + " -> " + outputKey
        + ")";
  }
}
