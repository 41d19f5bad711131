package io.github.gctfjava.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asserts that a sample looks drawn from U(-limit, limit), Keras's glorot_uniform. */
final class GlorotCheck {
  private GlorotCheck() {}

  static void assertGlorotUniform(float[] values, double limit) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double sum = 0;
    double sumSquares = 0;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sumSquares += (double) v * v;
    }
    int n = values.length;
    double mean = sum / n;
    double std = Math.sqrt(sumSquares / n - mean * mean);
    assertTrue(
        min >= -limit - 1e-6 && max <= limit + 1e-6,
        "values in [-" + limit + ", " + limit + "], got [" + min + ", " + max + "]");
    // With n >= 400 draws, P(no draw in the outer 5% of either side) <= 0.975^400 ~ 4e-5.
    assertTrue(
        min < -0.95 * limit && max > 0.95 * limit,
        "values reach both ends of +-" + limit + ", got [" + min + ", " + max + "]");
    // The sample mean's sd is limit / sqrt(3n); 6 of them for n >= 400 is 0.18 limit.
    assertEquals(0, mean, 6 * limit / Math.sqrt(3.0 * n), "mean of U(-limit, limit)");
    // sd of U(-l, l) is l / sqrt(3); the sample sd is within 10% of it for n >= 400 (> 4 sd).
    assertEquals(limit / Math.sqrt(3), std, 0.1 * limit / Math.sqrt(3), "sd of U(-limit, limit)");
  }
}
