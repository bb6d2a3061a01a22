package org.medbeam.model.inferers;

import java.util.Objects;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.model.ModelDevice;
import org.medbeam.model.ModelSpec;

/**
 * Whole-image inference over a {@code PCollection<Sample>} (MONAI's {@code SimpleInferer}): for
 * classification models, whose output {@code (1, K)} is stored under the output key as a {@code
 * float[]} of K scores (what {@link ClassificationSaver} writes), or for segmentation models that
 * take the whole image (a float32 volume with the input's geometry). Failures, reshuffle and the
 * shared model as in {@link SlidingWindowInfer}; counter {@code medbeam/simple_infer_failures}.
 */
public final class SimpleInfer
    extends PTransform<PCollection<Sample>, WithFailures.Result<PCollection<Sample>, Failure>> {
  private static final long serialVersionUID = 1L;
  static final String STAGE = "simple_infer";

  private final ModelSpec model;
  private final String inputKey;
  private final String outputKey;
  private final int inputChannels;
  private final boolean reshuffle;

  private SimpleInfer(
      ModelSpec model, String inputKey, String outputKey, int inputChannels, boolean reshuffle) {
    this.model = model;
    this.inputKey = inputKey;
    this.outputKey = outputKey;
    this.inputChannels = inputChannels;
    this.reshuffle = reshuffle;
  }

  public static SimpleInfer of(ModelSpec model) {
    return new SimpleInfer(Objects.requireNonNull(model, "model"), "image", "pred", 0, true);
  }

  public SimpleInfer withInputKey(String key) {
    return new SimpleInfer(model, SlidingWindowInfer.checkKey("inputKey", key), outputKey,
        inputChannels, reshuffle);
  }

  public SimpleInfer withOutputKey(String key) {
    return new SimpleInfer(model, inputKey, SlidingWindowInfer.checkKey("outputKey", key),
        inputChannels, reshuffle);
  }

  public SimpleInfer withDevice(String device) {
    return withDevice(ModelDevice.parse(device));
  }

  public SimpleInfer withDevice(ModelDevice device) {
    return new SimpleInfer(model.withDevice(device), inputKey, outputKey, inputChannels,
        reshuffle);
  }

  public SimpleInfer withInputChannels(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("inputChannels must be >= 1, got " + channels);
    }
    return new SimpleInfer(model, inputKey, outputKey, channels, reshuffle);
  }

  public SimpleInfer withoutReshuffle() {
    return new SimpleInfer(model, inputKey, outputKey, inputChannels, false);
  }

  public ModelSpec model() {
    return model;
  }

  @Override
  public WithFailures.Result<PCollection<Sample>, Failure> expand(PCollection<Sample> input) {
    if (outputKey.equals(inputKey)) {
      throw new IllegalArgumentException(
          "SimpleInfer: outputKey '" + outputKey + "' equals inputKey; choose another outputKey");
    }
    return SlidingWindowInfer.apply(input, model, SimpleInferer.create(), inputKey, outputKey,
        inputChannels, reshuffle, STAGE, null);
  }
}
