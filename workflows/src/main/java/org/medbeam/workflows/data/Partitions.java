package org.medbeam.workflows.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medbeam.core.RandomState;

/**
 * MONAI's data-list splitting utilities ({@code monai.data.utils}): {@link #partitionDataset}
 * ({@code partition_dataset}), {@link #partitionDatasetClasses} ({@code
 * partition_dataset_classes}: the same ratio of every class in every partition) and k-fold
 * cross-validation ({@link #crossValidationFolds}, MONAI's {@code CrossValidation} with {@code
 * select_cross_validation_folds}). Shuffles draw from numpy's legacy {@code RandomState(seed)}
 * exactly as MONAI does ({@link RandomState} is numpy-exact), so the same seed gives the same
 * split as MONAI.
 */
public final class Partitions {
  private Partitions() {}

  /** One cross-validation fold: train on the other folds, validate on this one. */
  public static final class Fold<T> {
    public final List<T> training;
    public final List<T> validation;

    Fold(List<T> training, List<T> validation) {
      this.training = Collections.unmodifiableList(training);
      this.validation = Collections.unmodifiableList(validation);
    }
  }

  /**
   * Split by {@code ratios} (e.g. {@code [8, 1, 1]}): partition {@code i} takes the next {@code
   * int(r_i / sum * n + 0.5)} items (capped at {@code n}), in shuffled order when {@code
   * shuffle}.
   */
  public static <T> List<List<T>> partitionDataset(
      List<T> data, double[] ratios, boolean shuffle, long seed) {
    if (ratios == null || ratios.length == 0) {
      throw new IllegalArgumentException("ratios must hold at least one value, got "
          + Arrays.toString(ratios));
    }
    double sum = 0;
    for (double r : ratios) {
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException(
            "ratios must be finite and >= 0, got " + Arrays.toString(ratios));
      }
      sum += r;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException(
          "ratios must not all be 0, got " + Arrays.toString(ratios));
    }
    int n = data.size();
    int[] idx = indices(n, shuffle, seed);
    List<List<T>> out = new ArrayList<>();
    int next = 0;
    for (double r : ratios) {
      int start = next;
      next = Math.min(start + (int) (r / sum * n + 0.5), n);
      List<T> part = new ArrayList<>();
      for (int i = start; i < next; i++) {
        part.add(data.get(idx[i]));
      }
      out.add(part);
    }
    return out;
  }

  /**
   * Split evenly into {@code numPartitions}: partition {@code i} takes every {@code
   * numPartitions}-th item from {@code i}. With {@code evenDivisible} every partition has the
   * same length: {@code dropLast} drops the tail, otherwise the first items are repeated.
   */
  public static <T> List<List<T>> partitionDataset(List<T> data, int numPartitions,
      boolean shuffle, long seed, boolean dropLast, boolean evenDivisible) {
    int n = data.size();
    if (numPartitions < 1) {
      throw new IllegalArgumentException("num_partitions must be >= 1, got " + numPartitions);
    }
    if (!evenDivisible && dropLast) {
      throw new IllegalArgumentException("drop_last only works when even_divisible is True.");
    }
    if (n < numPartitions) {
      throw new IllegalArgumentException(
          "there is no enough data to be split into " + numPartitions + " partitions: "
              + n + " items");
    }
    int[] idx = indices(n, shuffle, seed);
    int numSamples = dropLast && n % numPartitions != 0
        ? (int) Math.ceil((double) (n - numPartitions) / numPartitions)
        : (int) Math.ceil((double) n / numPartitions);
    int total = evenDivisible ? numSamples * numPartitions : n;
    int[] all;
    if (!dropLast && total > n) {
      all = Arrays.copyOf(idx, total);
      System.arraycopy(idx, 0, all, n, total - n);
    } else {
      all = Arrays.copyOf(idx, total);
    }
    List<List<T>> out = new ArrayList<>();
    for (int p = 0; p < numPartitions; p++) {
      List<T> part = new ArrayList<>();
      for (int i = p; i < total; i += numPartitions) {
        part.add(data.get(all[i]));
      }
      out.add(part);
    }
    return out;
  }

  /**
   * {@link #partitionDataset(List, double[], boolean, long)} within each class (classes in
   * ascending order), the class parts concatenated, each partition then shuffled with one
   * {@code RandomState(seed)} when {@code shuffle}.
   *
   * @param classes one class label per item
   */
  public static <T> List<List<T>> partitionDatasetClasses(
      List<T> data, List<Integer> classes, double[] ratios, boolean shuffle, long seed) {
    return byClass(data, classes, shuffle, seed,
        perClass -> partitionDataset(perClass, ratios, shuffle, seed));
  }

  /** {@link #partitionDataset(List, int, boolean, long, boolean, boolean)} within each class. */
  public static <T> List<List<T>> partitionDatasetClasses(List<T> data, List<Integer> classes,
      int numPartitions, boolean shuffle, long seed, boolean dropLast, boolean evenDivisible) {
    return byClass(data, classes, shuffle, seed, perClass -> partitionDataset(
        perClass, numPartitions, shuffle, seed, dropLast, evenDivisible));
  }

  private static <T> List<List<T>> byClass(List<T> data, List<Integer> classes, boolean shuffle,
      long seed, java.util.function.Function<List<Integer>, List<List<Integer>>> split) {
    if (classes == null || classes.size() != data.size()) {
      throw new IllegalArgumentException("length of classes ("
          + (classes == null ? "null" : classes.size()) + ") must match the dataset length ("
          + data.size() + ")");
    }
    Map<Integer, List<Integer>> perClass = new TreeMap<>();
    for (int i = 0; i < classes.size(); i++) {
      perClass.computeIfAbsent(classes.get(i), c -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> parts = null;
    for (List<Integer> members : perClass.values()) {
      List<List<Integer>> p = split.apply(members);
      if (parts == null) {
        parts = new ArrayList<>();
        for (List<Integer> l : p) {
          parts.add(new ArrayList<>(l));
        }
      } else {
        for (int i = 0; i < Math.min(parts.size(), p.size()); i++) {
          parts.get(i).addAll(p.get(i));
        }
      }
    }
    List<List<T>> out = new ArrayList<>();
    if (parts == null) {
      return out;
    }
    RandomState r = RandomState.of(seed);
    for (List<Integer> part : parts) {
      int[] a = part.stream().mapToInt(Integer::intValue).toArray();
      if (shuffle) {
        r.shuffle(a);
      }
      List<T> l = new ArrayList<>();
      for (int i : a) {
        l.add(data.get(i));
      }
      out.add(l);
    }
    return out;
  }

  /**
   * The {@code nfolds} folds of MONAI's {@code CrossValidation(nfolds, seed)}: the data shuffled
   * with {@code seed} and dealt into {@code nfolds} partitions; fold {@code f} validates on
   * partition {@code f} and trains on the others, in partition order.
   */
  public static <T> List<Fold<T>> crossValidationFolds(List<T> data, int nfolds, long seed) {
    if (nfolds < 2) {
      throw new IllegalArgumentException("nfolds must be >= 2, got " + nfolds);
    }
    List<List<T>> parts = partitionDataset(data, nfolds, true, seed, false, false);
    List<Fold<T>> folds = new ArrayList<>();
    for (int f = 0; f < nfolds; f++) {
      List<T> train = new ArrayList<>();
      for (int p = 0; p < nfolds; p++) {
        if (p != f) {
          train.addAll(parts.get(p));
        }
      }
      folds.add(new Fold<>(train, new ArrayList<>(parts.get(f))));
    }
    return folds;
  }

  private static int[] indices(int n, boolean shuffle, long seed) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (shuffle) {
      RandomState.of(seed).shuffle(idx);
    }
    return idx;
  }
}
