package org.medbeam.io.dicom;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Binary coder for {@link DicomInstance}: every field explicitly, big-endian, UTF-8 strings. */
public final class DicomInstanceCoder extends CustomCoder<DicomInstance> {
  private static final long serialVersionUID = 1L;
  private static final DicomInstanceCoder INSTANCE = new DicomInstanceCoder();
  private static final int VERSION = 1;

  private DicomInstanceCoder() {}

  public static DicomInstanceCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} on {@link DicomInstance} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(DicomInstance.class), INSTANCE);
  }

  @Override
  public void encode(DicomInstance d, OutputStream os) throws IOException {
    DataOutputStream out = new DataOutputStream(os);
    out.writeByte(VERSION);
    str(out, d.source);
    out.writeLong(d.size);
    str(out, d.sopInstanceUid);
    str(out, d.seriesInstanceUid);
    str(out, d.transferSyntaxUid);
    out.writeInt(d.instanceNumber);
    out.writeInt(d.acquisitionNumber);
    out.writeInt(d.echoNumber);
    out.writeInt(d.temporalPosition);
    out.writeInt(d.rows);
    out.writeInt(d.columns);
    out.writeInt(d.frames);
    out.writeInt(d.samples);
    out.writeInt(d.bitsAllocated);
    out.writeInt(d.bitsStored);
    out.writeInt(d.pixelRepresentation);
    str(out, d.photometric);
    out.writeInt(d.pixelDataTag);
    out.writeBoolean(d.enhanced);
    doubles(out, d.positions);
    doubles(out, d.orientations);
    doubles(out, d.spacings);
    out.writeDouble(d.sliceThickness);
    out.writeDouble(d.spacingBetweenSlices);
    doubles(out, d.slopes);
    doubles(out, d.intercepts);
    out.writeBoolean(d.hasRescale);
    out.writeInt(d.tags.size());
    for (Map.Entry<String, String> e : d.tags.entrySet()) {
      str(out, e.getKey());
      str(out, e.getValue());
    }
    out.flush();
  }

  @Override
  public DicomInstance decode(InputStream is) throws IOException {
    DataInputStream in = new DataInputStream(is);
    int v = in.readUnsignedByte();
    if (v != VERSION) {
      throw new CoderException("DicomInstance coder version " + v + ", expected " + VERSION);
    }
    String source = str(in);
    long size = in.readLong();
    String sop = str(in);
    String series = str(in);
    String ts = str(in);
    int instance = in.readInt();
    int acq = in.readInt();
    int echo = in.readInt();
    int temporal = in.readInt();
    int rows = in.readInt();
    int columns = in.readInt();
    int frames = in.readInt();
    int samples = in.readInt();
    int ba = in.readInt();
    int bs = in.readInt();
    int pr = in.readInt();
    String photometric = str(in);
    int pixelTag = in.readInt();
    boolean enhanced = in.readBoolean();
    double[] pos = doubles(in);
    double[] ori = doubles(in);
    double[] sp = doubles(in);
    double thickness = in.readDouble();
    double between = in.readDouble();
    double[] slopes = doubles(in);
    double[] intercepts = doubles(in);
    boolean hasRescale = in.readBoolean();
    int n = in.readInt();
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      tags.put(str(in), str(in));
    }
    return new DicomInstance(source, size, sop, series, ts, instance, acq, echo, temporal, rows,
        columns, frames, samples, ba, bs, pr, photometric, pixelTag, enhanced, pos, ori, sp,
        thickness, between, slopes, intercepts, hasRescale, tags);
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (64 << 20)) {
      throw new CoderException("string length " + n + " out of range");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void doubles(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double x : a) {
      out.writeDouble(x);
    }
  }

  private static double[] doubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (1 << 26)) {
      throw new CoderException("array length " + n + " out of range");
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
