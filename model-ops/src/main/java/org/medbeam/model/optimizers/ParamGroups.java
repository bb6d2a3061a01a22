package org.medbeam.model.optimizers;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.ParameterTracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.NamedParameters;

/**
 * MONAI's {@code generate_param_groups(network, layer_matches, match_types, lr_values,
 * include_others=True)} for DJL: parameter groups with their own learning rate, in the order of the
 * matches, plus (optionally) a last group of all other parameters at the optimizer's default rate.
 * A {@link LayerMatch#select} takes every parameter of a sub-module (MONAI's {@code lambda x:
 * x.model[0]} is {@code select("model.0")}); a {@link LayerMatch#filter} tests each {@code (name,
 * parameter)} of {@code named_parameters()}.
 *
 * <p>{@link #tracker} turns the groups into the per-parameter learning rate a DJL optimizer asks
 * for (by parameter id), optionally under an {@link LrSchedule} applied to each group's rate as
 * PyTorch schedulers do. Parameters in no group (with {@code includeOthers=false}) get rate 0, the
 * equivalent of leaving them out of a PyTorch optimizer.
 */
public final class ParamGroups {
  /** One way of picking parameters. */
  public static final class LayerMatch {
    private final String modulePath;
    private final Block module;
    private final BiPredicate<String, Parameter> filter;

    private LayerMatch(String modulePath, Block module, BiPredicate<String, Parameter> filter) {
      this.modulePath = modulePath;
      this.module = module;
      this.filter = filter;
    }

    /** "select": all parameters of the sub-module at a dotted MONAI path ({@code "model.0"}). */
    public static LayerMatch select(String modulePath) {
      return new LayerMatch(modulePath, null, null);
    }

    /** "select": all parameters of {@code module}. */
    public static LayerMatch select(Block module) {
      return new LayerMatch(null, module, null);
    }

    /** "filter": parameters whose MONAI name and value pass {@code test}. */
    public static LayerMatch filter(BiPredicate<String, Parameter> test) {
      return new LayerMatch(null, null, test);
    }

    /** "filter" on the name only, e.g. {@code name -> name.contains("2.0.conv")}. */
    public static LayerMatch filterNames(java.util.function.Predicate<String> test) {
      return new LayerMatch(null, null, (n, p) -> test.test(n));
    }
  }

  /** A group: its learning rate (null: the optimizer's default) and parameters by name. */
  public static final class Group {
    private final Double lr;
    private final Map<String, Parameter> params;

    Group(Double lr, Map<String, Parameter> params) {
      this.lr = lr;
      this.params = Collections.unmodifiableMap(params);
    }

    public Double lr() {
      return lr;
    }

    /** Parameters by MONAI name, in order. */
    public Map<String, Parameter> parameters() {
      return params;
    }

    public List<String> names() {
      return new ArrayList<>(params.keySet());
    }
  }

  private final List<Group> groups;
  private final Map<String, Parameter> all;

  private ParamGroups(List<Group> groups, Map<String, Parameter> all) {
    this.groups = Collections.unmodifiableList(groups);
    this.all = all;
  }

  /**
   * @param lrValues one rate per match, or a single rate for all
   */
  public static ParamGroups generate(
      Block network, List<LayerMatch> layerMatches, List<Double> lrValues, boolean includeOthers) {
    if (lrValues.size() != 1 && lrValues.size() != layerMatches.size()) {
      throw new IllegalArgumentException(
          "lr_values needs 1 or "
              + layerMatches.size()
              + " values (one per layer match), got "
              + lrValues.size());
    }
    Map<String, Parameter> named = NamedParameters.of(network);
    Map<Parameter, String> nameOf = new IdentityHashMap<>();
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      nameOf.put(e.getValue(), e.getKey());
    }
    Map<Parameter, Integer> owner = new IdentityHashMap<>();
    List<Group> out = new ArrayList<>();
    for (int i = 0; i < layerMatches.size(); i++) {
      LayerMatch m = layerMatches.get(i);
      Map<String, Parameter> picked = new LinkedHashMap<>();
      if (m.filter != null) {
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
          if (m.filter.test(e.getKey(), e.getValue())) {
            picked.put(e.getKey(), e.getValue());
          }
        }
      } else {
        Block sub = m.module != null ? m.module : find(network, m.modulePath);
        for (Parameter p : NamedParameters.of(sub).values()) {
          String n = nameOf.get(p);
          if (n == null) {
            throw new IllegalArgumentException("selected module is not part of the network");
          }
          picked.put(n, p);
        }
      }
      for (Map.Entry<String, Parameter> e : picked.entrySet()) {
        Integer prev = owner.put(e.getValue(), i);
        if (prev != null) {
          throw new IllegalArgumentException(
              "some parameters appear in more than one parameter group: "
                  + e.getKey()
                  + " matched by layer matches "
                  + prev
                  + " and "
                  + i);
        }
      }
      double lr = lrValues.size() == 1 ? lrValues.get(0) : lrValues.get(i);
      out.add(new Group(lr, picked));
    }
    if (includeOthers) {
      Map<String, Parameter> rest = new LinkedHashMap<>();
      for (Map.Entry<String, Parameter> e : named.entrySet()) {
        if (!owner.containsKey(e.getValue())) {
          rest.put(e.getKey(), e.getValue());
        }
      }
      out.add(new Group(null, rest));
    }
    return new ParamGroups(out, named);
  }

  private static Block find(Block root, String path) {
    Block b = root;
    for (String part : path.split("\\.")) {
      if (!(b instanceof MonaiModule) || !((MonaiModule) b).modules().containsKey(part)) {
        throw new IllegalArgumentException(
            "no module '" + path + "' in the network (stopped at '" + part + "')");
      }
      b = ((MonaiModule) b).modules().get(part);
    }
    return b;
  }

  public List<Group> groups() {
    return groups;
  }

  /** Per-parameter rates at a constant schedule. */
  public ParameterTracker tracker(double defaultLr) {
    return tracker(defaultLr, LrSchedule.constant());
  }

  /**
   * Per-parameter rates: each group's rate (or {@code defaultLr}) through {@code schedule}; 0 for
   * parameters in no group.
   */
  public ParameterTracker tracker(double defaultLr, LrSchedule schedule) {
    Map<String, Double> base = new java.util.HashMap<>();
    for (Parameter p : all.values()) {
      base.put(p.getId(), 0.0);
    }
    for (Group g : groups) {
      double lr = g.lr == null ? defaultLr : g.lr;
      for (Parameter p : g.params.values()) {
        base.put(p.getId(), lr);
      }
    }
    return (parameterId, numUpdate) -> {
      Double b = base.get(parameterId);
      if (b == null) {
        throw new IllegalArgumentException(
            "parameter " + parameterId + " is not a parameter of the grouped network");
      }
      return (float) schedule.lr(b, Math.max(0, numUpdate - 1));
    };
  }
}
