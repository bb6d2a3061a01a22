package org.medbeam.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.util.VarInt;

/** Bit-exact binary coder for {@link Sample}: id, then each entry in order. */
public final class SampleCoder extends CustomCoder<Sample> {
  private static final long serialVersionUID = 1L;
  private static final SampleCoder INSTANCE = new SampleCoder();

  private SampleCoder() {}

  public static SampleCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} on {@link Sample} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Sample.class), INSTANCE);
  }

  @Override
  public void encode(Sample s, OutputStream out) throws IOException {
    if (s == null) {
      throw new CoderException("cannot encode a null Sample");
    }
    ValueCodec.writeString(s.id(), out);
    Map<String, Object> m = s.asMap();
    VarInt.encode(m.size(), out);
    for (Map.Entry<String, Object> e : m.entrySet()) {
      ValueCodec.writeString(e.getKey(), out);
      ValueCodec.writeValue(e.getValue(), out);
    }
  }

  @Override
  public Sample decode(InputStream in) throws IOException {
    Sample s = Sample.of(ValueCodec.readString(in));
    int n = ValueCodec.readLength(in);
    for (int i = 0; i < n; i++) {
      String k = ValueCodec.readString(in);
      s = s.with(k, ValueCodec.readValue(in));
    }
    return s;
  }

  @Override
  public void verifyDeterministic() {
    // Entries are encoded in their (insertion) order; equal samples built alike encode alike.
  }
}
