package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.Tensors.constant;
import static io.github.gctfjava.layers.Tensors.fetch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
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

  @Test
  void rejectsBadPoolSize() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(new int[] {2, 0}));
    assertTrue(e.getMessage().contains("[2, 0]"), e.getMessage());
  }
}
