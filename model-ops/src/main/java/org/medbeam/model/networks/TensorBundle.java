package org.medbeam.model.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float32 tensors in a plain, language-neutral form: a JSON manifest {@code name.json}
 * ({@code {"format": "medbeam-tensors", "version": 1, "dtype": "float32", "byte_order": "little",
 * "tensors": [{"name", "shape", "offset", "kind"}]}}) beside a blob {@code name.bin} of
 * little-endian float32 values in C order, {@code offset} in bytes. A few lines of numpy write or
 * read it ({@code np.fromfile(..., "<f4")}), which is how MONAI weights travel to and from medbeam
 * (see {@link MonaiWeights}). Extra top-level manifest fields are kept.
 */
public final class TensorBundle {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One tensor. */
  public static final class Entry {
    private final String name;
    private final long[] shape;
    private final float[] data;
    private final String kind;

    public Entry(String name, long[] shape, float[] data, String kind) {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            "tensor '"
                + name
                + "': shape "
                + Arrays.toString(shape)
                + " holds "
                + n
                + " values, data has "
                + data.length);
      }
      this.name = name;
      this.shape = shape.clone();
      this.data = data;
      this.kind = kind;
    }

    public String name() {
      return name;
    }

    public long[] shape() {
      return shape.clone();
    }

    /** The values in C order (not copied). */
    public float[] data() {
      return data;
    }

    /** "parameter", "buffer", or whatever the writer put there. */
    public String kind() {
      return kind;
    }
  }

  private final Map<String, Entry> tensors;
  private final JsonNode manifest;

  private TensorBundle(Map<String, Entry> tensors, JsonNode manifest) {
    this.tensors = Collections.unmodifiableMap(tensors);
    this.manifest = manifest;
  }

  /** A bundle of the given entries, in order. */
  public static TensorBundle of(Iterable<Entry> entries) {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (m.put(e.name, e) != null) {
        throw new IllegalArgumentException("tensor name '" + e.name + "' appears twice");
      }
    }
    return new TensorBundle(m, JSON.createObjectNode());
  }

  /** Tensors by name, in manifest order. */
  public Map<String, Entry> tensors() {
    return tensors;
  }

  public Entry get(String name) {
    Entry e = tensors.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "' in the bundle");
    }
    return e;
  }

  /** The manifest as read (including fields other than {@code tensors}). */
  public JsonNode manifest() {
    return manifest;
  }

  /** Reads {@code <stem>.json} and {@code <stem>.bin}; {@code stem} may name either file. */
  public static TensorBundle read(Path stem) throws IOException {
    Path json = sibling(stem, ".json");
    Path bin = sibling(stem, ".bin");
    JsonNode root = JSON.readTree(json.toFile());
    if (!"medbeam-tensors".equals(root.path("format").asText())
        || !"float32".equals(root.path("dtype").asText())
        || !"little".equals(root.path("byte_order").asText())) {
      throw new IOException(
          json + " is not a medbeam tensor manifest (format medbeam-tensors, float32, little)");
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.READ)) {
      long size = ch.size();
      for (JsonNode t : root.path("tensors")) {
        String name = t.path("name").asText();
        long[] shape = new long[t.path("shape").size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = t.path("shape").get(i).asLong();
          if (shape[i] < 0) {
            throw new IOException(json + ": tensor '" + name + "' has a negative dimension");
          }
          n *= shape[i];
        }
        long offset = t.path("offset").asLong(-1);
        if (offset < 0 || n > Integer.MAX_VALUE || offset + 4 * n > size) {
          throw new IOException(
              json
                  + ": tensor '"
                  + name
                  + "' at byte "
                  + offset
                  + " with "
                  + n
                  + " values lies outside "
                  + bin
                  + " ("
                  + size
                  + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (4 * n)).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(buf, offset);
        buf.flip();
        float[] data = new float[(int) n];
        buf.asFloatBuffer().get(data);
        if (out.put(name, new Entry(name, shape, data, t.path("kind").asText(""))) != null) {
          throw new IOException(json + ": tensor '" + name + "' appears twice");
        }
      }
    }
    return new TensorBundle(out, root);
  }

  /** Writes {@code <stem>.json} and {@code <stem>.bin}. */
  public void write(Path stem) throws IOException {
    Path json = sibling(stem, ".json");
    Path bin = sibling(stem, ".bin");
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "medbeam-tensors");
    root.put("version", 1);
    root.put("dtype", "float32");
    root.put("byte_order", "little");
    ArrayNode list = root.putArray("tensors");
    long offset = 0;
    try (OutputStream os = Files.newOutputStream(bin)) {
      for (Entry e : tensors.values()) {
        ObjectNode t = list.addObject();
        t.put("name", e.name);
        ArrayNode sh = t.putArray("shape");
        for (long s : e.shape) {
          sh.add(s);
        }
        t.put("offset", offset);
        t.put("kind", e.kind);
        ByteBuffer buf = ByteBuffer.allocate(4 * e.data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(e.data);
        os.write(buf.array());
        offset += 4L * e.data.length;
      }
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
  }

  private static Path sibling(Path stem, String ext) {
    String name = stem.getFileName().toString();
    if (name.endsWith(".json") || name.endsWith(".bin")) {
      name = name.substring(0, name.lastIndexOf('.'));
    }
    return stem.resolveSibling(name + ext);
  }
}
