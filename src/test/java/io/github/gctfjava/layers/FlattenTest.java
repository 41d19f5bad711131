package io.github.gctfjava.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class FlattenTest {

  @Test
  void collapsesAllButTheBatchDimension() {
    Flatten flatten = new Flatten();
    assertArrayEquals(
        new long[] {-1, 3136}, flatten.computeOutputShape(Shape.of(-1, 7, 7, 64)).asArray());
    assertArrayEquals(
        new long[] {-1, -1}, flatten.computeOutputShape(Shape.of(-1, 7, -1, 64)).asArray());
    assertEquals(0, flatten.countParams(Shape.of(-1, 7, 7, 64)));
    assertEquals("flatten", flatten.name());
  }

  @Test
  void keepsRowMajorOrderPerExample() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2, 2, 2)));
      Operand<TFloat32> y = new Flatten().apply(tf, x, CallContext.inference());
      assertArrayEquals(new long[] {-1, 8}, y.shape().asArray());
      float[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
      try (TFloat32 batch = TFloat32.tensorOf(Shape.of(2, 2, 2, 2), DataBuffers.of(values));
          Result r = s.runner().feed(x, batch).fetch(y).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        assertArrayEquals(new long[] {2, 8}, out.shape().asArray());
        assertEquals(9f, out.getFloat(1, 1), 0f);
        assertEquals(7f, out.getFloat(0, 7), 0f);
      }
    }
  }
}
