package org.medbeam.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void everyIndexRunsOnceWhateverTheThreadCount() {
    for (int threads : new int[] {1, 2, 3, 8}) {
      int[] hits = new int[1001];
      Parallel.forRange(hits.length, threads, (from, to) -> {
        for (int i = from; i < to; i++) {
          hits[i]++;
        }
      });
      int[] ones = new int[1001];
      java.util.Arrays.fill(ones, 1);
      assertArrayEquals(ones, hits);
    }
  }

  @Test
  void nestedLoopsDoNotDeadlock() {
    AtomicLong sum = new AtomicLong();
    Parallel.forRange(8, 4, (a, b) -> {
      for (int i = a; i < b; i++) {
        Parallel.forRange(100, 4, (c, d) -> sum.addAndGet(d - c));
      }
    });
    assertEquals(800, sum.get());
  }

  @Test
  void slabExceptionsPropagate() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Parallel.forRange(10, 2, (a, b) -> {
          if (a > 0) {
            throw new IllegalStateException("boom " + a);
          }
        }));
    assertEquals("boom 5", e.getMessage());
  }
}
