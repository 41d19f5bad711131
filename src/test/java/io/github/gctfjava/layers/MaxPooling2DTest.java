package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.Tensors.constant;
import static io.github.gctfjava.layers.Tensors.fetch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

class MaxPooling2DTest {

  @Test
  void halvesWithFloorAndHasNoParams() {
    MaxPooling2D pool = new MaxPooling2D(2);
    assertArrayEquals(
        new long[] {-1, 149, 149, 16},
        pool.computeOutputShape(Shape.of(-1, 298, 298, 16)).asArray());
    assertArrayEquals(
        new long[] {-1, 73, 73, 32}, pool.computeOutputShape(Shape.of(-1, 147, 147, 32)).asArray());
    assertArrayEquals(
        new long[] {-1, 3, 2, 4},
        new MaxPooling2D(new int[] {3, 2}).computeOutputShape(Shape.of(-1, 11, 5, 4)).asArray());
    assertEquals(0, pool.countParams(Shape.of(-1, 298, 298, 16)));
    assertEquals("max_pooling2d", pool.name());
  }

  /**
   * A 5x5 image with channel 0 = r*5+c and channel 1 = -(r*5+c): the 2x2 windows at rows/cols {0,1}
   * and {2,3} (row and column 4 are dropped) have maxima 6, 8, 16, 18 and, negated, the minima 0,
   * 2, 10, 12 of channel 0.
   */
  @Test
  void takesTheMaximumOfEachWindowPerChannel() {
    float[] image = new float[5 * 5 * 2];
    for (int i = 0; i < 25; i++) {
      image[2 * i] = i;
      image[2 * i + 1] = -i;
    }
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> y =
          new MaxPooling2D(2)
              .apply(tf, constant(tf, Shape.of(1, 5, 5, 2), image), CallContext.inference());
      assertArrayEquals(new long[] {1, 2, 2, 2}, y.shape().asArray());
      assertArrayEquals(new float[] {6, 0, 8, -2, 16, -10, 18, -12}, fetch(s, y), 0f);
    }
  }

  /**
   * Under mixed_bfloat16 the layer pools the bfloat16 tensor a layer before it cast up, and the
   * values and gradients are float32 pooling's of the cast-up tensor, bit for bit: the maximum of
   * bfloat16 values is one of them, and casting up is exact.
   */
  @Test
  void poolsBfloat16UnderTheMixedPolicyWithFloat32sValuesAndGradients() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TBfloat16> source =
          tf.dtypes.cast(
              constant(tf, Shape.of(2, 6, 6, 3), scattered(2 * 6 * 6 * 3, 37)), TBfloat16.class);
      Operand<TFloat32> castUp = tf.dtypes.cast(source, TFloat32.class);
      Operand<TFloat32> mixed =
          new MaxPooling2D(2)
              .setDtypePolicy(Policy.MIXED_BFLOAT16)
              .apply(tf, castUp, CallContext.inference());
      Operand<TFloat32> float32 = new MaxPooling2D(2).apply(tf, castUp, CallContext.inference());
      GraphOperation pool = (GraphOperation) ((GraphOperation) mixed.op()).input(0).op();
      assertEquals("MaxPool", pool.type());
      assertEquals(TBfloat16.class, pool.input(0).type(), "it reads the bfloat16 tensor uncast");
      assertArrayEquals(fetch(s, float32), fetch(s, mixed), 0f);
      Operand<TFloat32> weights = constant(tf, Shape.of(2, 3, 3, 3), scattered(2 * 3 * 3 * 3, 11));
      assertArrayEquals(
          fetch(s, gradient(g, tf, tf.math.mul(float32, weights), source)),
          fetch(s, gradient(g, tf, tf.math.mul(mixed, weights), source)),
          0f);
    }
  }

  /** {@code n} values in (-1, 1), no two neighbours alike, most not exact in bfloat16. */
  private static float[] scattered(int n, int stride) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = ((i * stride) % 101 - 50) / 50.3f;
    }
    return values;
  }

  /** d sum(y) / d x, cast up to float32 to read it. */
  private static Operand<TFloat32> gradient(
      Graph g, Ops tf, Operand<TFloat32> y, Operand<TBfloat16> x) {
    Operand<TFloat32> sum = tf.reduceSum(y, tf.constant(new int[] {0, 1, 2, 3}));
    Output<?>[] dx = g.addGradients(sum.asOutput(), new Output<?>[] {x.asOutput()});
    return tf.dtypes.cast(dx[0].expect(TBfloat16.class), TFloat32.class);
  }

  @Test
  void rejectsBadPoolSize() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(new int[] {2, 0}));
    assertTrue(e.getMessage().contains("[2, 0]"), e.getMessage());
  }
}
