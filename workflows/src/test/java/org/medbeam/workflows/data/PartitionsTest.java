package org.medbeam.workflows.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expected splits come from real MONAI 1.4.0: src/test/resources/data/make_fixtures.py writes
 * datasets.json with partition_dataset, partition_dataset_classes and CrossValidation folds of
 * lists of integers (RandomState is numpy-exact, so shuffled splits match to the element).
 */
class PartitionsTest {
  static JsonNode fixtures;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = PartitionsTest.class.getResourceAsStream("/data/datasets.json")) {
      fixtures = new ObjectMapper().readTree(in);
    }
  }

  static List<Integer> range(int n) {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(i);
    }
    return l;
  }

  static List<List<Integer>> lists(JsonNode n) {
    List<List<Integer>> out = new ArrayList<>();
    for (JsonNode part : n) {
      List<Integer> l = new ArrayList<>();
      part.forEach(v -> l.add(v.asInt()));
      out.add(l);
    }
    return out;
  }

  static List<Integer> ints(JsonNode n) {
    List<Integer> l = new ArrayList<>();
    n.forEach(v -> l.add(v.asInt()));
    return l;
  }

  static double[] doubles(JsonNode n) {
    double[] d = new double[n.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = n.get(i).asDouble();
    }
    return d;
  }

  @Test
  void partitionDatasetMatchesMonai() {
    int cases = 0;
    for (JsonNode c : fixtures.get("partition")) {
      JsonNode a = c.get("args");
      List<Integer> data = range(c.get("n").asInt());
      boolean shuffle = a.path("shuffle").asBoolean(false);
      long seed = a.path("seed").asLong(0);
      List<List<Integer>> got = a.has("ratios")
          ? Partitions.partitionDataset(data, doubles(a.get("ratios")), shuffle, seed)
          : Partitions.partitionDataset(data, a.get("num_partitions").asInt(), shuffle, seed,
              a.path("drop_last").asBoolean(false), a.path("even_divisible").asBoolean(false));
      assertEquals(lists(c.get("result")), got, a.toString());
      cases++;
    }
    assertEquals(8, cases);
  }

  @Test
  void classBalancedPartitionsMatchMonaiAndKeepTheRatios() {
    for (JsonNode c : fixtures.get("partition_classes")) {
      JsonNode a = c.get("args");
      List<Integer> classes = new ArrayList<>();
      c.get("classes").forEach(v -> classes.add(v.asInt()));
      List<Integer> data = range(classes.size());
      boolean shuffle = a.path("shuffle").asBoolean(false);
      long seed = a.path("seed").asLong(0);
      List<List<Integer>> got = a.has("ratios")
          ? Partitions.partitionDatasetClasses(data, classes, doubles(a.get("ratios")), shuffle,
              seed)
          : Partitions.partitionDatasetClasses(data, classes, a.get("num_partitions").asInt(),
              shuffle, seed, false, false);
      assertEquals(lists(c.get("result")), got, a.toString());
    }
    // ratios [2, 1] on 20 items in classes of 5, 5, 5, 5: every class 2:1 in both parts
    // (int(2/3*5 + 0.5) = 3 of each class first), by hand from partition_dataset's rounding
    List<Integer> classes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      classes.add(i % 4);
    }
    List<List<Integer>> parts = Partitions.partitionDatasetClasses(range(20), classes,
        new double[] {2, 1}, true, 5);
    for (int part = 0; part < 2; part++) {
      Map<Integer, Integer> count = new HashMap<>();
      for (int i : parts.get(part)) {
        count.merge(classes.get(i), 1, Integer::sum);
      }
      for (int k = 0; k < 4; k++) {
        assertEquals(part == 0 ? 3 : 2, count.get(k), "class " + k + " in part " + part);
      }
    }
  }

  @Test
  void crossValidationFoldsMatchMonaiAndCoverEveryItemOnce() {
    for (JsonNode c : fixtures.get("kfold")) {
      int n = c.get("n").asInt();
      int nfolds = c.get("nfolds").asInt();
      List<Partitions.Fold<Integer>> folds =
          Partitions.crossValidationFolds(range(n), nfolds, c.get("seed").asLong());
      assertEquals(nfolds, folds.size());
      int[] seen = new int[n];
      for (int f = 0; f < nfolds; f++) {
        JsonNode exp = c.get("folds").get(f);
        assertEquals(ints(exp.get("training")), folds.get(f).training, "fold " + f);
        assertEquals(ints(exp.get("validation")), folds.get(f).validation, "fold " + f);
        for (int i : folds.get(f).validation) {
          seen[i]++;
        }
        assertEquals(n, folds.get(f).training.size() + folds.get(f).validation.size());
        // fold sizes differ by at most one
        assertTrue(Math.abs(folds.get(f).validation.size() - n / nfolds) <= 1);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(1, seen[i], "item " + i + " validates in exactly one fold");
      }
    }
  }

  @Test
  void validationMessages() {
    List<Integer> d = range(3);
    assertEquals("drop_last only works when even_divisible is True.",
        assertThrows(IllegalArgumentException.class,
            () -> Partitions.partitionDataset(d, 2, false, 0, true, false)).getMessage());
    assertEquals("there is no enough data to be split into 4 partitions: 3 items",
        assertThrows(IllegalArgumentException.class,
            () -> Partitions.partitionDataset(d, 4, false, 0, false, false)).getMessage());
    assertEquals("ratios must be finite and >= 0, got [1.0, -1.0]",
        assertThrows(IllegalArgumentException.class,
            () -> Partitions.partitionDataset(d, new double[] {1, -1}, false, 0)).getMessage());
    assertEquals("length of classes (2) must match the dataset length (3)",
        assertThrows(IllegalArgumentException.class, () -> Partitions.partitionDatasetClasses(
            d, List.of(0, 1), new double[] {1, 1}, false, 0)).getMessage());
    assertEquals("nfolds must be >= 2, got 1", assertThrows(IllegalArgumentException.class,
        () -> Partitions.crossValidationFolds(d, 1, 0)).getMessage());
  }
}
