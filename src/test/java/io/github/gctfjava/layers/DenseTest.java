package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.Tensors.assign;
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

class DenseTest {

  @Test
  void outputShapeAndParamsAreKeras() {
    Dense dense = new Dense(512, "relu");
    assertArrayEquals(new long[] {-1, 512}, dense.computeOutputShape(Shape.of(-1, 3136)).asArray());
    assertEquals(3136L * 512 + 512, dense.countParams(Shape.of(-1, 3136)));
    assertEquals(513, new Dense(1, "sigmoid").countParams(Shape.of(-1, 512)));
    assertEquals("dense", dense.name());
  }

  @Test
  void kernelIsGlorotUniformAndBiasZero() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Dense dense = new Dense(64, "relu");
      dense.maybeBuild(Ops.create(g), Shape.of(-1, 100), 3L);
      s.initialize();
      assertEquals("dense/kernel", dense.trainableWeights().get(0).op().name());
      assertEquals("dense/bias", dense.trainableWeights().get(1).op().name());
      assertArrayEquals(new long[] {100, 64}, dense.trainableWeights().get(0).shape().asArray());
      // fan_in = 100, fan_out = 64
      GlorotCheck.assertGlorotUniform(
          fetch(s, dense.trainableWeights().get(0)), Math.sqrt(6.0 / (100 + 64)));
      assertArrayEquals(new float[64], fetch(s, dense.trainableWeights().get(1)));
    }
  }

  /**
   * x = [[1,2,3],[-1,0,1]], kernel [[1,0],[0,1],[1,1]], bias [0.5,-1]: by hand x @ kernel + bias =
   * [[4.5, 4], [0.5, 0]], and the sigmoid of that.
   */
  @Test
  void computesActivationOfMatMulPlusBiasAndExposesTheLogits() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Dense dense = new Dense(2, "sigmoid");
      Operand<TFloat32> y =
          dense.apply(tf, constant(tf, Shape.of(2, 3), 1, 2, 3, -1, 0, 1), CallContext.inference());
      Operand<TFloat32> logits = Activations.sigmoidLogits(y);
      s.initialize();
      assign(s, tf, dense.trainableWeights().get(0), 1, 0, 0, 1, 1, 1);
      assign(s, tf, dense.trainableWeights().get(1), 0.5f, -1f);
      float[] z = {4.5f, 4f, 0.5f, 0f};
      assertArrayEquals(z, fetch(s, logits), 1e-6f);
      float[] expected = new float[4];
      for (int i = 0; i < 4; i++) {
        expected[i] = (float) (1 / (1 + Math.exp(-z[i])));
      }
      assertArrayEquals(expected, fetch(s, y), 1e-6f);
    }
  }

  @Test
  void linearByDefaultAndReluClipsNegatives() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = constant(tf, Shape.of(1, 2), 2, -3);
      Dense linear = new Dense(1);
      Dense relu = new Dense(1, "relu");
      Operand<TFloat32> yLinear = linear.apply(tf, x, CallContext.inference());
      Operand<TFloat32> yRelu = relu.apply(tf, x, CallContext.inference());
      s.initialize();
      for (Dense d : new Dense[] {linear, relu}) {
        assign(s, tf, d.trainableWeights().get(0), 1, 1); // 2 - 3 = -1
      }
      assertArrayEquals(new float[] {-1}, fetch(s, yLinear), 1e-6f);
      assertArrayEquals(new float[] {0}, fetch(s, yRelu), 0f);
    }
  }

  @Test
  void sigmoidLogitsRejectsOtherOps() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> relu = tf.nn.relu(tf.constant(1f));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Activations.sigmoidLogits(relu));
      assertTrue(e.getMessage().contains("Relu"), e.getMessage());
      Operand<TFloat32> z = tf.constant(1f);
      assertEquals(z.op(), Activations.sigmoidLogits(tf.math.sigmoid(z)).op());
    }
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dense(-2));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dense(2, "sigmod"));
    assertTrue(e.getMessage().contains("sigmod"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new Dense(2).countParams(Shape.of(-1, 7, 7, 64)));
    assertTrue(e.getMessage().contains("[-1, 7, 7, 64]"), e.getMessage());
  }
}
