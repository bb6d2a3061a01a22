package org.medbeam.transforms.utility;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Sample;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code adaptor(function, outputs, inputs)}: wraps a function of named arguments into a
 * dictionary transform. {@code inputs} picks the arguments: null passes every entry under its key;
 * a key, or a list of keys, passes those; a map {@code key -> argument name} renames. The result
 * goes back by {@code outputs}: a single value under a key (or a one-key list), a list of values
 * under a list of keys, or a map of named results, stored as they are or renamed by a map {@code
 * result name -> key}.
 */
public final class Adaptor implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final SerializableFunction<Map<String, Object>, Object> function;
  private final Object outputs;
  private final Object inputs;

  /**
   * @param outputs a key, a list of keys, or a map from result names to keys (or null for map
   *     results stored as named)
   * @param inputs null, a key, a list of keys, or a map from keys to argument names
   */
  public Adaptor(
      SerializableFunction<Map<String, Object>, Object> function, Object outputs, Object inputs) {
    if (function == null) {
      throw new IllegalArgumentException("adaptor: function must be given");
    }
    if (inputs != null
        && !(inputs instanceof String || inputs instanceof List || inputs instanceof Map)) {
      throw new IllegalArgumentException(
          "adaptor: 'inputs' must be None or one of (str, list, dict) but is "
              + inputs.getClass().getSimpleName());
    }
    this.function = function;
    this.outputs = outputs;
    this.inputs = inputs;
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Map<String, Object> args = new LinkedHashMap<>();
    if (inputs == null) {
      args.putAll(sample.asMap());
    } else if (inputs instanceof String) {
      args.put((String) inputs, need(sample, (String) inputs));
    } else if (inputs instanceof List) {
      for (Object k : (List<?>) inputs) {
        args.put(k.toString(), need(sample, k.toString()));
      }
    } else {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) inputs).entrySet()) {
        args.put(e.getValue().toString(), need(sample, e.getKey().toString()));
      }
    }
    Object ret = function.apply(args);
    Map<String, Object> results = new LinkedHashMap<>();
    if (ret instanceof Map) {
      if (outputs != null && !(outputs instanceof Map)) {
        throw new IllegalArgumentException(
            "adaptor: 'outputs' must be None or a dict when the function returns a dict");
      }
      Map<?, ?> r = (Map<?, ?>) ret;
      if (outputs == null) {
        for (Map.Entry<?, ?> e : r.entrySet()) {
          results.put(e.getKey().toString(), e.getValue());
        }
      } else {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) outputs).entrySet()) {
          results.put(e.getValue().toString(), r.get(e.getKey()));
        }
      }
    } else if (ret instanceof List && !(outputs instanceof String && ((List<?>) ret).size() == 1)) {
      List<?> r = (List<?>) ret;
      if (!(outputs instanceof List) || ((List<?>) outputs).size() != r.size()) {
        throw new IllegalArgumentException(
            "adaptor: 'outputs' must be a list with the same length as the number of elements "
                + "that were returned ("
                + r.size()
                + ")");
      }
      List<?> o = (List<?>) outputs;
      for (int i = 0; i < r.size(); i++) {
        results.put(o.get(i).toString(), r.get(i));
      }
    } else {
      Object value = ret instanceof List ? ((List<?>) ret).get(0) : ret;
      String key;
      if (outputs instanceof String) {
        key = (String) outputs;
      } else if (outputs instanceof List && ((List<?>) outputs).size() == 1) {
        key = ((List<?>) outputs).get(0).toString();
      } else {
        throw new IllegalArgumentException(
            "adaptor: 'outputs' must be a key or a list of one key for a single result");
      }
      results.put(key, value);
    }
    Sample out = sample;
    for (Map.Entry<String, Object> e : results.entrySet()) {
      out = out.with(e.getKey(), e.getValue());
    }
    return out;
  }

  private static Object need(Sample s, String key) {
    if (!s.has(key)) {
      throw new org.medbeam.core.MissingKeyException(s, key);
    }
    return s.get(key);
  }
}
