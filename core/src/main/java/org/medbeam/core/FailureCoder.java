package org.medbeam.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Binary coder for {@link Failure}: five UTF-8 strings. */
public final class FailureCoder extends CustomCoder<Failure> {
  private static final long serialVersionUID = 1L;
  private static final FailureCoder INSTANCE = new FailureCoder();

  private FailureCoder() {}

  public static FailureCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} on {@link Failure} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Failure.class), INSTANCE);
  }

  @Override
  public void encode(Failure f, OutputStream out) throws IOException {
    ValueCodec.writeString(f.sampleId(), out);
    ValueCodec.writeString(f.source(), out);
    ValueCodec.writeString(f.stage(), out);
    ValueCodec.writeString(f.errorClass(), out);
    ValueCodec.writeString(f.message(), out);
  }

  @Override
  public Failure decode(InputStream in) throws IOException {
    return Failure.of(
        ValueCodec.readString(in),
        ValueCodec.readString(in),
        ValueCodec.readString(in),
        ValueCodec.readString(in),
        ValueCodec.readString(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
