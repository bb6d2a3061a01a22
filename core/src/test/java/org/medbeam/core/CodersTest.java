package org.medbeam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;

class CodersTest {
  static Volume volumeOf(DType t) {
    int[] shape = {2, 3, 4, 5};
    Object data = t.allocate(120);
    for (int i = 0; i < 120; i++) {
      // negative, fractional and (for unsigned) high-bit values all survive
      Volume.store(data, t, i, t.isSigned() ? (i - 60) * 1.25 : t.maxValue() - i);
    }
    Affine a = Affine.of(-0.7, 0.01, 0, 12.5, 0, -0.7, 0.02, -3, 0, 0, 1.25, 40, 0, 0, 0, 1);
    Metadata meta =
        Metadata.of(
            Metadata.FILENAME, "/data/ct 1.nii.gz",
            Metadata.ORIGINAL_AFFINE, a.toArray(),
            Metadata.SPATIAL_SHAPE, new int[] {3, 4, 5},
            "nested", Map.of("k", List.of(1L, 2.5, "x", new float[] {Float.NaN, -0.0f})),
            "flag", true,
            "none", null);
    return Volume.wrap(data, t, shape, a)
        .withMeta(meta)
        .pushOperation(
            AppliedOperation.of("Spacing", new int[] {3, 4, 5}, Metadata.of("mode", "bilinear")))
        .pushOperation(
            AppliedOperation.of("RandFlip", new int[] {3, 4, 5}, Metadata.empty(), false));
  }

  @Test
  void volumeRoundTripsBitExactForEveryDtype() throws Exception {
    for (DType t : DType.values()) {
      CoderProperties.coderDecodeEncodeEqual(VolumeCoder.of(), volumeOf(t));
      CoderProperties.coderDecodeEncodeEqualInContext(
          VolumeCoder.of(), Coder.Context.NESTED, volumeOf(t));
    }
  }

  @Test
  void nanPayloadsSurvive() throws Exception {
    float[] f = {Float.intBitsToFloat(0x7fc00001), -0.0f, Float.NEGATIVE_INFINITY};
    Volume v = Volume.of(f, 1, 3);
    Volume back = CoderUtils.clone(VolumeCoder.of(), v);
    assertEquals(0x7fc00001, Float.floatToRawIntBits(back.floats()[0]));
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back.floats()[1]));
  }

  @Test
  void sampleRoundTrips() throws Exception {
    Sample s =
        Sample.of("case-7")
            .with("image", volumeOf(DType.INT16))
            .with("label", volumeOf(DType.UINT8))
            .with("score", 0.25)
            .with("count", 3)
            .with("name", "liver")
            .with("indices", new int[] {5, 9, 11});
    CoderProperties.coderDecodeEncodeEqual(SampleCoder.of(), s);
    CoderProperties.coderDecodeEncodeEqualInContext(SampleCoder.of(), Coder.Context.NESTED, s);
  }

  @Test
  void failureRoundTrips() throws Exception {
    Failure f = Failure.of("id", "gs://b/x.dcm", "read", "ImageReadException", "truncated \"x\"");
    CoderProperties.coderDecodeEncodeEqual(FailureCoder.of(), f);
    CoderProperties.coderConsistentWithEquals(FailureCoder.of(), f, f);
  }

  @Test
  void defaultCodersAreRegistered() throws Exception {
    CoderRegistry r = CoderRegistry.createDefault();
    assertEquals(VolumeCoder.of(), r.getCoder(TypeDescriptor.of(Volume.class)));
    assertEquals(SampleCoder.of(), r.getCoder(TypeDescriptor.of(Sample.class)));
    assertEquals(FailureCoder.of(), r.getCoder(TypeDescriptor.of(Failure.class)));
  }

  @Test
  void failureJsonEscapes() {
    Failure f = Failure.of("a\"b", "src\n", "stage", "E", "tab\tend");
    assertEquals(
        "{\"id\":\"a\\\"b\",\"source\":\"src\\n\",\"stage\":\"stage\",\"error\":\"E\","
            + "\"message\":\"tab\\tend\"}",
        f.toJson());
  }
}
