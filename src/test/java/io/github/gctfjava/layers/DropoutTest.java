package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.Tensors.fetch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class DropoutTest {
  /** Over a million units, and not a multiple of the four units one random word gives. */
  private static final int ROWS = 1025;

  private static final int COLS = 1023;

  @Test
  void isTheIdentityAtInference() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = inputs(tf, 50, 20);
      for (Dropout.Mask mask : Dropout.Mask.values()) {
        Operand<TFloat32> y = new Dropout(0.5, mask).apply(tf, x, CallContext.inference());
        assertArrayEquals(new long[] {50, 20}, y.shape().asArray());
        assertArrayEquals(fetch(s, x), fetch(s, y), 0f);
      }
    }
  }

  /**
   * Each kept output is exactly Keras's {@code x * float32(1 / (1 - rate))}, each dropped one 0,
   * and the kept fraction of the n = 1,048,575 Bernoulli(p) draws is within 5 sd = 5 sqrt(p (1 - p)
   * / n) of p = 1 - rate (0.0024 for rate 0.5, 0.00015 for rate 0.001: 8-bit draws could not keep
   * 0.999, as 1 - 0.001 is no multiple of 1/256).
   */
  @Test
  void keepsOneMinusRateOfTheInputsScaledByItsInverse() {
    for (Dropout.Mask mask : Dropout.Mask.values()) {
      for (double rate : new double[] {0.5, 0.3, 0.001}) {
        Dropped d = dropped(new Dropout(rate, mask), 11L, 5L);
        float scale = (float) (1 / (1 - rate));
        long kept = 0;
        for (int i = 0; i < d.x.length; i++) {
          if (d.y[i] != 0f) {
            assertEquals(d.x[i] * scale, d.y[i], 0f, mask + " rate " + rate + " unit " + i);
            kept++;
          }
        }
        double p = 1 - rate;
        double n = d.x.length;
        assertEquals(
            p, kept / n, 5 * Math.sqrt(p * (1 - p) / n), mask + " kept fraction, rate " + rate);
      }
    }
  }

  /**
   * A rate that is a multiple of 1/256 gets 8 bits per unit and its exact keep probability; any
   * other gets 32 bits and one that exceeds 1 - rate by less than 2^-32.
   */
  @Test
  void bitsMakeTheKeepProbabilityOneMinusRate() {
    for (double rate : new double[] {0.5, 0.25, 3 / 256.0, 255 / 256.0}) {
      Dropout d = new Dropout(rate);
      assertEquals(8, d.bitsPerUnit(), "rate " + rate);
      assertEquals(1 - rate, d.keepProbability(), 0, "rate " + rate);
    }
    for (double rate : new double[] {0.3, 0.001, 1 / 512.0, 0.1}) {
      Dropout d = new Dropout(rate);
      assertEquals(32, d.bitsPerUnit(), "rate " + rate);
      double excess = d.keepProbability() - (1 - rate);
      assertTrue(excess >= 0 && excess < 0x1p-32, "rate " + rate + ": excess " + excess);
    }
    // tf.nn.dropout's float uniform draw is a multiple of 2^-23: 0.3f * 2^23 = 2516582.5 rounds up.
    assertEquals(1 - 2516583 / 0x1p23, new Dropout(0.3, Dropout.Mask.UNIFORM).keepProbability(), 0);
  }

  /**
   * The four units that share one 32-bit draw, and neighbours across draws, agree (both kept or
   * both dropped) as independent Bernoulli(1/2) would: with probability 1/2, within 5 sd = 5
   * sqrt(0.25 / 262,143) = 0.0049 over the 262,143 whole words.
   */
  @Test
  void unitsSharingARandomWordAreIndependent() {
    Dropped d = dropped(new Dropout(0.5), 11L, 5L);
    int words = d.y.length / 4;
    double tolerance = 5 * Math.sqrt(0.25 / words);
    for (int a = 0; a < 4; a++) {
      for (int b = a + 1; b <= 4; b++) {
        long agree = 0;
        for (int w = 0; w + 1 < words; w++) {
          agree += (d.y[4 * w + a] == 0f) == (d.y[4 * w + b] == 0f) ? 1 : 0;
        }
        assertEquals(0.5, agree / (double) (words - 1), tolerance, "units " + a + " and " + b);
      }
    }
  }

  @Test
  void sameSeedAndCounterGiveTheSameMaskOthersAnother() {
    for (Dropout.Mask mask : Dropout.Mask.values()) {
      float[] y = dropped(salted(mask, 0), 11L, 5L).y;
      assertArrayEquals(y, dropped(salted(mask, 0), 11L, 5L).y, 0f, mask.toString());
      assertFalse(Arrays.equals(y, dropped(salted(mask, 0), 11L, 6L).y), "another counter (batch)");
      assertFalse(Arrays.equals(y, dropped(salted(mask, 0), 12L, 5L).y), "another seed");
      assertFalse(Arrays.equals(y, dropped(salted(mask, 1), 11L, 5L).y), "another layer");
      assertArrayEquals(y, dropped(salted(mask, 0), 11L, 5L, 0).y, 0f, "micro-batch 0: the step's");
      float[] second = dropped(salted(mask, 0), 11L, 5L, 1).y;
      assertFalse(Arrays.equals(y, second), "another micro-batch of the step");
      assertFalse(Arrays.equals(second, dropped(salted(mask, 0), 11L, 5L, 2).y), "a third one");
    }
  }

  private static Dropout salted(Dropout.Mask mask, long position) {
    Dropout dropout = new Dropout(0.5, mask);
    dropout.assignSalt(position);
    return dropout;
  }

  /** UNIFORM is the shipped tf.nn.dropout mask: kept where the float uniform draw is >= rate. */
  @Test
  void uniformMaskIsTfNnDropouts() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Dropout dropout = new Dropout(0.3, Dropout.Mask.UNIFORM);
      Operand<TFloat32> x = inputs(tf, 300, 7);
      CallContext training = CallContext.training(11L, tf.constant(5L));
      Operand<TFloat32> uniform =
          tf.random.statelessRandomUniform(
              tf.shape(x), training.statelessSeed(tf, 0L), TFloat32.class);
      Operand<TFloat32> keep =
          tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant(0.3f)), TFloat32.class);
      Operand<TFloat32> expected =
          tf.math.mul(tf.math.mul(x, tf.constant((float) (1 / 0.7))), keep);
      assertArrayEquals(fetch(s, expected), fetch(s, dropout.apply(tf, x, training)), 0f);
    }
  }

  /** d(sum(y * w)) / dx = w * mask / (1 - rate): w / 0.7 where y was kept, 0 where dropped. */
  @Test
  void gradientIsTheUpstreamTimesTheScaledMask() {
    for (Dropout.Mask mask : Dropout.Mask.values()) {
      try (Graph g = new Graph();
          Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        Operand<TFloat32> x = inputs(tf, 500, 30);
        Operand<TFloat32> w = inputs(tf, 500, 30, 3L);
        Operand<TFloat32> y =
            new Dropout(0.3, mask).apply(tf, x, CallContext.training(11L, tf.constant(5L)));
        Output<?> dx =
            g.addGradients(
                    "grad",
                    new Output<?>[] {y.asOutput()},
                    new Output<?>[] {x.asOutput()},
                    new Output<?>[] {w.asOutput()})[0];
        try (Result r = s.runner().fetch(y).fetch(dx).fetch(w).run()) {
          float[] ys = values((TFloat32) r.get(0));
          float[] grads = values((TFloat32) r.get(1));
          float[] ws = values((TFloat32) r.get(2));
          for (int i = 0; i < ys.length; i++) {
            float expected = ys[i] == 0f ? 0f : ws[i] * (float) (1 / 0.7);
            assertEquals(expected, grads[i], 0f, mask + " unit " + i);
          }
        }
      }
    }
  }

  /** A -1 batch dimension, fed 5 x 7 x 3 = 105 units (four per random word leave one over). */
  @Test
  void drawsForTheBatchFedAtRunTime() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 7, 3)));
      Operand<TFloat32> y =
          new Dropout(0.5).apply(tf, x, CallContext.training(11L, tf.constant(5L)));
      assertArrayEquals(new long[] {-1, 7, 3}, y.shape().asArray());
      float[] fed = new float[105];
      Arrays.fill(fed, 3f);
      try (TFloat32 input = TFloat32.tensorOf(Shape.of(5, 7, 3), DataBuffers.of(fed, true, false));
          Result r = s.runner().feed(x, input).fetch(y).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        assertArrayEquals(new long[] {5, 7, 3}, out.shape().asArray());
        float[] values = values(out);
        long kept = 0;
        for (float v : values) {
          assertTrue(v == 0f || v == 6f, "0 or 6, got " + v);
          kept += v == 6f ? 1 : 0;
        }
        // 105 Bernoulli(1/2): sd 5.1; all kept or all dropped would be 10 sd out.
        assertTrue(kept > 30 && kept < 75, "kept " + kept + " of 105");
      }
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
    assertThrows(IllegalArgumentException.class, () -> new Dropout(0.5, null));
  }

  private record Dropped(float[] x, float[] y) {}

  /** Dropout of ROWS x COLS inputs in [1, 2) (none of them 0) in a training call. */
  private static Dropped dropped(Dropout dropout, long seed, long counter) {
    return dropped(dropout, seed, counter, 0);
  }

  /** The same, in micro-batch {@code microBatch} of a training step. */
  private static Dropped dropped(Dropout dropout, long seed, long counter, int microBatch) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = inputs(tf, ROWS, COLS);
      CallContext context = CallContext.training(seed, tf.constant(counter)).microBatch(microBatch);
      Operand<TFloat32> y = dropout.apply(tf, x, context);
      assertArrayEquals(new long[] {ROWS, COLS}, y.shape().asArray());
      try (Result r = s.runner().fetch(x).fetch(y).run()) {
        return new Dropped(values((TFloat32) r.get(0)), values((TFloat32) r.get(1)));
      }
    }
  }

  /** Uniform in [1, 2), from a fixed stateless seed. */
  private static Operand<TFloat32> inputs(Ops tf, int rows, int cols) {
    return inputs(tf, rows, cols, 2L);
  }

  private static Operand<TFloat32> inputs(Ops tf, int rows, int cols, long seed) {
    Operand<TFloat32> u =
        tf.random.statelessRandomUniform(
            tf.constant(new int[] {rows, cols}), tf.constant(new long[] {1, seed}), TFloat32.class);
    return tf.math.add(u, tf.constant(1f));
  }

  private static float[] values(TFloat32 t) {
    float[] values = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  /**
   * The float mask is marked for Grappler's recomputation, so a training step keeps the 1-byte
   * booleans for the backward pass rather than 4-byte floats (the mask's values are tested above).
   */
  @Test
  void theFloatMaskIsMarkedForRecomputation() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      new Dropout(0.5).apply(tf, x, CallContext.training(1L, tf.constant(0L)));
      long hinted = 0;
      for (Iterator<GraphOperation> ops = g.operations(); ops.hasNext(); ) {
        GraphOperation op = ops.next();
        if (op.type().equals("Cast")) {
          assertEquals(0L, op.attributes().getAttrInt(Dropout.RECOMPUTE_HINT), op.name());
          hinted++;
        }
      }
      assertEquals(1, hinted, "one Cast, the mask's");
    }
  }
}
