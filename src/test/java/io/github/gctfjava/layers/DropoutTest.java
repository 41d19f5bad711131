package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.Tensors.fetch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class DropoutTest {
  private static final int N = 100_000;

  @Test
  void isTheIdentityAtInference() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x =
          tf.random.statelessRandomUniform(
              tf.constant(new int[] {50, 20}), tf.constant(new long[] {1, 2}), TFloat32.class);
      Operand<TFloat32> y = new Dropout(0.5).apply(tf, x, CallContext.inference());
      assertArrayEquals(new long[] {50, 20}, y.shape().asArray());
      assertArrayEquals(fetch(s, x), fetch(s, y), 0f);
    }
  }

  /**
   * Every output is 0 or 3 / (1 - 0.3); the kept fraction of 100,000 Bernoulli(0.7) draws has sd
   * sqrt(0.7 * 0.3 / 100000) = 0.0014, so 0.7 +- 0.01 is 7 sd.
   */
  @Test
  void dropsRateOfTheInputsAndScalesTheRest() {
    float[] y = dropped(0.3, 11L, 0L, 5L);
    float kept = (float) (3 / 0.7);
    long keptCount = 0;
    for (float v : y) {
      assertTrue(v == 0f || Math.abs(v - kept) <= 1e-5f * kept, "0 or " + kept + ", got " + v);
      keptCount += v == 0f ? 0 : 1;
    }
    assertEquals(0.7, keptCount / (double) N, 0.01, "kept fraction");
  }

  @Test
  void sameSeedAndCounterGiveTheSameMaskOthersAnother() {
    float[] y = dropped(0.5, 11L, 0L, 5L);
    assertArrayEquals(y, dropped(0.5, 11L, 0L, 5L), 0f);
    assertFalse(Arrays.equals(y, dropped(0.5, 11L, 0L, 6L)), "another counter (batch)");
    assertFalse(Arrays.equals(y, dropped(0.5, 12L, 0L, 5L)), "another seed");
    assertFalse(Arrays.equals(y, dropped(0.5, 11L, 1L, 5L)), "another layer of the model");
  }

  /** Dropout of 100,000 threes, as the layer at index {@code position} of a model. */
  private static float[] dropped(double rate, long seed, long position, long counter) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Dropout dropout = new Dropout(rate);
      dropout.assignSalt(position);
      Operand<TFloat32> x = tf.fill(tf.constant(new int[] {N / 100, 100}), tf.constant(3f));
      CallContext training = CallContext.training(seed, tf.constant(counter));
      Operand<TFloat32> y = dropout.apply(tf, x, training);
      assertArrayEquals(new long[] {N / 100, 100}, y.shape().asArray());
      return fetch(s, y);
    }
  }

  @Test
  void keepsTheShapeAndRejectsRatesOutsideZeroToOne() {
    assertArrayEquals(
        new long[] {-1, 3136}, new Dropout(0.5).computeOutputShape(Shape.of(-1, 3136)).asArray());
    assertEquals("dropout", new Dropout(0).name());
    for (double rate : new double[] {-0.1, 1.0, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new Dropout(rate));
      assertTrue(e.getMessage().contains(Double.toString(rate)), e.getMessage());
    }
  }
}
