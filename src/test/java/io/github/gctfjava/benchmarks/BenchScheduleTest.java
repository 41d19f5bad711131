package io.github.gctfjava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchScheduleTest {
  private static List<String> scheduled(String ids, int rounds) {
    return Bench.schedule(Configuration.byIds(List.of(ids.split(","))), rounds).stream()
        .map(Configuration::id)
        .toList();
  }

  /** The plain-shell pair runs twice, the second time in reverse, even in a single round. */
  @Test
  void theScheduleAlternatesRoundsAndRepeatsThePlainShellPairInOddRuns() {
    assertEquals(
        List.of("shipped", "onednn-1", "bfc", "onednn-1", "shipped"),
        scheduled("shipped,onednn-1,bfc", 1));
    assertEquals(
        List.of("shipped", "onednn-1", "bfc", "bfc", "onednn-1", "shipped"),
        scheduled("shipped,onednn-1,bfc", 2));
    assertEquals(
        List.of(
            "bfc",
            "shipped",
            "onednn-1",
            "onednn-1",
            "shipped",
            "bfc",
            "bfc",
            "shipped",
            "onednn-1",
            "onednn-1",
            "shipped"),
        scheduled("bfc,shipped,onednn-1", 3));
    assertEquals(List.of("shipped", "bfc"), scheduled("shipped,bfc", 1), "no pair, no repeat");
    assertEquals(List.of("onednn-1"), scheduled("onednn-1", 1));
  }
}
