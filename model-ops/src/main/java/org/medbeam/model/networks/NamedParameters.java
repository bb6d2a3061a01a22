package org.medbeam.model.networks;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * MONAI's {@code named_parameters()} / {@code named_buffers()} for a tree of {@link MonaiModule}s:
 * dotted names ({@code model.1.submodule.0.conv.unit0.conv.weight}) in PyTorch's order (a module's
 * own parameters first, then its children in registration order), each shared parameter listed once
 * under its first name, as PyTorch does.
 *
 * <p>A child that is a plain DJL block (not a {@link MonaiModule}) contributes its DJL parameter
 * names below its MONAI name.
 */
public final class NamedParameters {
  private NamedParameters() {}

  /** Parameters (frozen or not) by MONAI name: the equivalent of {@code net.named_parameters()}. */
  public static Map<String, Parameter> of(Block root) {
    return collect(root, true);
  }

  /** Non-trainable buffers by MONAI name ({@code running_mean}, {@code running_var}). */
  public static Map<String, Parameter> buffers(Block root) {
    return collect(root, false);
  }

  /** Parameters then buffers: the tensors a MONAI {@code state_dict()} holds (float ones). */
  public static Map<String, Parameter> stateDict(Block root) {
    Map<String, Parameter> all = new LinkedHashMap<>(of(root));
    all.putAll(buffers(root));
    return all;
  }

  /** {@code sum(p.numel() for p in net.parameters())}. */
  public static long count(Block root) {
    long n = 0;
    for (Parameter p : of(root).values()) {
      n += p.getShape().size();
    }
    return n;
  }

  /** MONAI name of every parameter and buffer, keyed by DJL's parameter id. */
  public static Map<String, String> namesById(Block root) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : stateDict(root).entrySet()) {
      out.put(e.getValue().getId(), e.getKey());
    }
    return out;
  }

  private static Map<String, Parameter> collect(Block root, boolean trainable) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    walk(root, "", trainable, out, seen);
    return out;
  }

  private static void walk(
      Block block,
      String prefix,
      boolean trainable,
      Map<String, Parameter> out,
      Set<Parameter> seen) {
    if (block instanceof MonaiModule) {
      MonaiModule m = (MonaiModule) block;
      Map<String, Parameter> own = trainable ? m.namedDirectParameters() : m.namedDirectBuffers();
      for (Map.Entry<String, Parameter> e : own.entrySet()) {
        add(prefix + e.getKey(), e.getValue(), out, seen);
      }
      for (Map.Entry<String, Block> e : m.modules().entrySet()) {
        walk(e.getValue(), prefix + e.getKey() + ".", trainable, out, seen);
      }
    } else {
      for (Pair<String, Parameter> p : block.getParameters()) {
        boolean isBuffer =
            p.getValue().getType() == Parameter.Type.RUNNING_MEAN
                || p.getValue().getType() == Parameter.Type.RUNNING_VAR;
        if (isBuffer != trainable) {
          add(prefix + p.getKey(), p.getValue(), out, seen);
        }
      }
    }
  }

  private static void add(
      String name, Parameter p, Map<String, Parameter> out, Set<Parameter> seen) {
    if (seen.add(p)) {
      out.put(name, p);
    }
  }
}
