package io.github.gctfjava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComputeCeilingTest {
  @Test
  void measuresAPositiveFiniteRate() {
    double gflops = ComputeCeiling.gflops(256, 3);
    assertTrue(gflops > 0 && Double.isFinite(gflops), "GFLOP/s " + gflops);
  }

  @Test
  void refusesEmptyMeasurements() {
    assertThrows(IllegalArgumentException.class, () -> ComputeCeiling.gflops(0, 3));
    assertThrows(IllegalArgumentException.class, () -> ComputeCeiling.gflops(256, 0));
  }
}
