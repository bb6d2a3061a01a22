package org.medbeam.model.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import ai.djl.training.tracker.ParameterTracker;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.nets.UNet;

/**
 * {@link ParamGroups#generate} equals MONAI's {@code generate_param_groups(net, [lambda x:
 * x.model[0], lambda x: "2.0.conv" in x[0]], ["select", "filter"], [1e-2, 1e-3])} on the same UNet
 * (optimizers.json, {@code param_groups}: names per group and rates).
 */
class ParamGroupsTest {
  private static UNet net() {
    return UNet.builder(2, 1, 2, new int[] {4, 8, 16}, new int[] {2, 2}).numResUnits(1).build();
  }

  @Test
  void groupsMatchMonai() {
    UNet net = net();
    ParamGroups groups =
        ParamGroups.generate(
            net,
            List.of(
                ParamGroups.LayerMatch.select("model.0"),
                ParamGroups.LayerMatch.filterNames(n -> n.contains("2.0.conv"))),
            List.of(1e-2, 1e-3),
            true);
    JsonNode expected = TinyProblem.FIX.path("param_groups").path("groups");
    assertEquals(expected.size(), groups.groups().size());
    for (int i = 0; i < expected.size(); i++) {
      List<String> names = new ArrayList<>();
      expected.get(i).path("names").forEach(n -> names.add(n.asText()));
      assertEquals(names, groups.groups().get(i).names(), "group " + i);
      if (expected.get(i).path("lr").isNull()) {
        assertNull(groups.groups().get(i).lr());
      } else {
        assertEquals(expected.get(i).path("lr").asDouble(), groups.groups().get(i).lr(), 0);
      }
    }
    // the tracker gives each parameter its group's rate, scaled by the schedule
    ParameterTracker t = groups.tracker(1e-4, new WarmupCosineSchedule(2, 10));
    Parameter first = NamedParameters.of(net).get("model.0.conv.unit0.conv.weight");
    Parameter other = NamedParameters.of(net).get("model.2.1.conv.unit0.conv.bias");
    // WarmupCosineSchedule(warmup 2, total 10): lambda(0) = 0, lambda(1) = 1/2 (hand derivation
    // of MONAI's lr_lambda); DJL's update 1 is PyTorch's step 0
    assertEquals(0.0f, t.getNewValue(first.getId(), 1), 0);
    assertEquals(0.5e-2f, t.getNewValue(first.getId(), 2), 1e-9f);
    assertEquals(0.5e-4f, t.getNewValue(other.getId(), 2), 1e-11f);
  }

  @Test
  void selectByBlockEqualsSelectByPath() {
    UNet net = net();
    var byPath =
        ParamGroups.generate(
            net, List.of(ParamGroups.LayerMatch.select("model.1.submodule")), List.of(0.1), false);
    var sub =
        ((org.medbeam.model.networks.MonaiModule) net.modules().get("model")).modules().get("1");
    var sub2 = ((org.medbeam.model.networks.MonaiModule) sub).modules().get("submodule");
    var byBlock =
        ParamGroups.generate(
            net, List.of(ParamGroups.LayerMatch.select(sub2)), List.of(0.1), false);
    assertEquals(byPath.groups().get(0).names(), byBlock.groups().get(0).names());
    assertEquals(1, byPath.groups().size());
    // parameters in no group get rate 0 without include_others
    Parameter top = NamedParameters.of(net).get("model.0.conv.unit0.conv.weight");
    assertEquals(0f, byPath.tracker(1.0).getNewValue(top.getId(), 1), 0);
  }

  @Test
  void overlappingGroupsAreAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParamGroups.generate(
                    net(),
                    List.of(
                        ParamGroups.LayerMatch.select("model.0"),
                        ParamGroups.LayerMatch.filterNames(n -> n.startsWith("model.0."))),
                    List.of(0.1, 0.2),
                    true));
    assertTrue(e.getMessage().contains("more than one parameter group"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParamGroups.generate(
                    net(), List.of(ParamGroups.LayerMatch.select("model.7")), List.of(0.1), true));
    assertTrue(e.getMessage().contains("model.7"), e.getMessage());
  }
}
