package org.medbeam.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.util.VarInt;

/** Bit-exact binary coder for {@link Volume}: dtype, shape, affine, metadata, operations, voxels. */
public final class VolumeCoder extends CustomCoder<Volume> {
  private static final long serialVersionUID = 1L;
  private static final int VERSION = 1;
  private static final VolumeCoder INSTANCE = new VolumeCoder();

  private VolumeCoder() {}

  public static VolumeCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} on {@link Volume} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Volume.class), INSTANCE);
  }

  @Override
  public void encode(Volume v, OutputStream out) throws IOException {
    if (v == null) {
      throw new CoderException("cannot encode a null Volume");
    }
    out.write(VERSION);
    out.write(v.dtype().ordinal());
    ValueCodec.writeIntArray(v.shape(), out);
    DataOutputStream d = new DataOutputStream(out);
    for (double x : v.affine().toArray()) {
      d.writeLong(Double.doubleToRawLongBits(x));
    }
    ValueCodec.writeMetadata(v.meta(), out);
    List<AppliedOperation> ops = v.appliedOperations();
    VarInt.encode(ops.size(), out);
    for (AppliedOperation op : ops) {
      ValueCodec.writeString(op.className(), out);
      ValueCodec.writeIntArray(op.origSize(), out);
      ValueCodec.writeMetadata(op.extraInfo(), out);
      out.write(op.doTransform() ? 1 : 0);
    }
    ValueCodec.writeBulk(v.array(), v.dtype(), out);
  }

  @Override
  public Volume decode(InputStream in) throws IOException {
    int version = in.read();
    if (version != VERSION) {
      throw new CoderException("unknown Volume encoding version " + version);
    }
    int dt = in.read();
    if (dt < 0 || dt >= DType.values().length) {
      throw new CoderException("unknown dtype code " + dt + " in encoded Volume");
    }
    DType dtype = DType.values()[dt];
    int[] shape = ValueCodec.readIntArray(in);
    DataInputStream d = new DataInputStream(in);
    double[] a = new double[16];
    for (int i = 0; i < 16; i++) {
      a[i] = Double.longBitsToDouble(d.readLong());
    }
    Metadata meta = ValueCodec.readMetadata(in);
    int nOps = ValueCodec.readLength(in);
    List<AppliedOperation> ops = new ArrayList<>(nOps);
    for (int i = 0; i < nOps; i++) {
      String name = ValueCodec.readString(in);
      int[] orig = ValueCodec.readIntArray(in);
      Metadata extra = ValueCodec.readMetadata(in);
      boolean done = in.read() == 1;
      ops.add(AppliedOperation.of(name, orig, extra, done));
    }
    int n = Volume.checkedSize(Volume.elementCount(shape), shape);
    Object data = ValueCodec.readBulk(dtype, n, in);
    return Volume.wrap(data, dtype, shape, Affine.of(a), meta, ops);
  }

  @Override
  public void verifyDeterministic() {
    // Encoding is a pure function of the volume's contents, metadata order included.
  }

  @Override
  public boolean consistentWithEquals() {
    return false;
  }
}
