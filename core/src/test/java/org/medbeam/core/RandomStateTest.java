package org.medbeam.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Draws pinned to numpy 1.24's legacy RandomState (core_reference.json, make_core_fixtures.py). */
class RandomStateTest {
  private static final JsonNode REF =
      Fixtures.json(RandomStateTest.class, "/fixtures/core_reference.json");

  @Test
  void copyContinuesIndependentlyFromTheSameState() {
    // a copy is numpy's RandomState().set_state(r.get_state()): same future draws, incl. the
    // cached second Box-Muller value, and drawing from one leaves the other alone
    RandomState r = RandomState.of(7);
    r.rand();
    r.standardNormal();
    RandomState c = r.copy();
    double[] a = {r.rand(), r.standardNormal(), r.standardNormal(), r.randint(5)};
    double[] b = {c.rand(), c.standardNormal(), c.standardNormal(), c.randint(5)};
    assertArrayEquals(a, b, 0.0);
    RandomState d = r.copy();
    r.rand();
    assertEquals(c.rand(), d.rand(), 0.0);
  }

  @Test
  void randMatchesNumpy() {
    RandomState r = RandomState.of(42);
    for (JsonNode v : REF.get("rand_seed42")) {
      assertEquals(v.asDouble(), r.rand(), 0.0);
    }
  }

  @Test
  void randintMatchesNumpy() {
    RandomState r = RandomState.of(0);
    for (JsonNode v : REF.get("randint_seed0_0_10")) {
      assertEquals(v.asLong(), r.randint(0, 10));
    }
    RandomState big = RandomState.of(2024);
    for (JsonNode v : REF.get("randint_seed2024_big")) {
      assertEquals(v.asLong(), big.randint(-5, 1L << 40));
    }
  }

  @Test
  void normalMatchesNumpy() {
    RandomState r = RandomState.of(123);
    for (JsonNode v : REF.get("normal_seed123")) {
      assertEquals(v.asDouble(), r.normal(1.5, 2.0), 1e-14);
    }
  }

  @Test
  void uniformMatchesNumpy() {
    RandomState r = RandomState.of(7);
    for (JsonNode v : REF.get("uniform_seed7_m3_5")) {
      assertEquals(v.asDouble(), r.uniform(-3, 5), 0.0);
    }
  }

  @Test
  void keySeedingMatchesNumpy() {
    RandomState r = RandomState.ofKey(1, 2, 3, 0xFFFFFFFF);
    for (JsonNode v : REF.get("rand_key_1_2_3_max")) {
      assertEquals(v.asDouble(), r.rand(), 0.0);
    }
  }

  @Test
  void choiceAndShuffleMatchNumpy() {
    RandomState r = RandomState.of(5);
    for (JsonNode v : REF.get("choice_seed5")) {
      assertEquals(v.asInt(), r.choice(new double[] {0.1, 0.2, 0.3, 0.4}));
    }
    int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    RandomState.of(9).shuffle(a);
    int[] expected = new int[10];
    for (int i = 0; i < 10; i++) {
      expected[i] = REF.get("shuffle_seed9_10").get(i).asInt();
    }
    assertArrayEquals(expected, a);
  }

  @Test
  void forSampleIsAFunctionOfItsInputsOnly() {
    double a = RandomState.forSample(7, "case-001", 2, 0).rand();
    assertEquals(a, RandomState.forSample(7, "case-001", 2, 0).rand(), 0.0);
    assertNotEquals(a, RandomState.forSample(8, "case-001", 2, 0).rand());
    assertNotEquals(a, RandomState.forSample(7, "case-002", 2, 0).rand());
    assertNotEquals(a, RandomState.forSample(7, "case-001", 3, 0).rand());
    assertNotEquals(a, RandomState.forSample(7, "case-001", 2, 1).rand());
  }

  @Test
  void seedOutOfRangeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RandomState.of(-1));
    assertThrows(IllegalArgumentException.class, () -> RandomState.of(1L << 32));
    assertThrows(IllegalArgumentException.class, () -> RandomState.of(1).randint(3, 3));
  }
}
