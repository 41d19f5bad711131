package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.Tensors.assign;
import static io.github.gctfjava.layers.Tensors.constant;
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

class Conv2DTest {

  @Test
  void outputShapeAndParamsAreKeras() {
    Conv2D conv = new Conv2D(16, new int[] {3, 3}, "relu");
    Shape input = Shape.of(-1, 300, 300, 3);
    assertArrayEquals(new long[] {-1, 298, 298, 16}, conv.computeOutputShape(input).asArray());
    assertEquals(3 * 3 * 3 * 16 + 16, conv.countParams(input));
    assertEquals(448, conv.countParams(input));
    assertArrayEquals(
        new long[] {-1, 6, 4, 5},
        new Conv2D(5, new int[] {3, 2}).computeOutputShape(Shape.of(-1, 8, 5, 2)).asArray());
    assertEquals(
        2 * 3 * 2 * 5 + 5, new Conv2D(5, new int[] {2, 3}).countParams(Shape.of(-1, 8, 5, 2)));
    assertEquals("conv2d", conv.name());
  }

  @Test
  void kernelIsGlorotUniformAndBiasZero() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Conv2D conv = new Conv2D(16, 3, "relu");
      conv.maybeBuild(tf, Shape.of(-1, 300, 300, 3), 42L);
      s.initialize();
      assertEquals(2, conv.trainableWeights().size());
      assertEquals(Shape.of(3, 3, 3, 16), conv.trainableWeights().get(0).shape());
      assertEquals(Shape.of(16), conv.trainableWeights().get(1).shape());
      // fan_in = 3*3*3 = 27, fan_out = 3*3*16 = 144
      GlorotCheck.assertGlorotUniform(
          fetch(s, conv.trainableWeights().get(0)), Math.sqrt(6.0 / (27 + 144)));
      assertArrayEquals(new float[16], fetch(s, conv.trainableWeights().get(1)));
    }
  }

  @Test
  void weightsAreKerasNamedVariables() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Conv2D conv = new Conv2D(4, 3);
      conv.maybeBuild(tf, Shape.of(-1, 8, 8, 1), 1L);
      assertEquals("conv2d/kernel", conv.trainableWeights().get(0).op().name());
      assertEquals("conv2d/bias", conv.trainableWeights().get(1).op().name());
      assertEquals("VariableV2", conv.trainableWeights().get(0).op().type());
    }
  }

  @Test
  void sameSeedSameKernelOtherSeedOther() {
    float[] a = initialKernel(7L);
    assertArrayEquals(a, initialKernel(7L));
    assertFalse(Arrays.equals(a, initialKernel(8L)));
  }

  private static float[] initialKernel(long seed) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Conv2D conv = new Conv2D(8, 3);
      conv.maybeBuild(Ops.create(g), Shape.of(-1, 10, 10, 2), seed);
      s.initialize();
      return fetch(s, conv.trainableWeights().get(0));
    }
  }

  /**
   * x = [[1,2,3],[4,5,6],[7,8,9]], one channel; filter 0 sums the 2x2 window's diagonal with bias
   * 0.5, filter 1 its anti-diagonal with bias -10, then relu: by hand, filter 0 gives 1+5+.5,
   * 2+6+.5, 4+8+.5, 5+9+.5 and filter 1 relu(2+4-10)=0, relu(3+5-10)=0, 5+7-10=2, 6+8-10=4.
   */
  @Test
  void computesValidCrossCorrelationPlusBiasThenRelu() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Conv2D conv = new Conv2D(2, 2, "relu");
      Operand<TFloat32> x = constant(tf, Shape.of(1, 3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9);
      Operand<TFloat32> y = conv.apply(tf, x, CallContext.inference());
      s.initialize();
      // kernel [kh, kw, in, out], row-major: (0,0)->(1,0), (0,1)->(0,1), (1,0)->(0,1), (1,1)->(1,0)
      assign(s, tf, conv.trainableWeights().get(0), 1, 0, 0, 1, 0, 1, 1, 0);
      assign(s, tf, conv.trainableWeights().get(1), 0.5f, -10f);
      assertEquals(Shape.of(1, 2, 2, 2), y.shape());
      assertArrayEquals(new float[] {6.5f, 0, 8.5f, 0, 12.5f, 2, 14.5f, 4}, fetch(s, y), 1e-6f);
    }
  }

  @Test
  void sumsOverInputChannels() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Conv2D conv = new Conv2D(1, 1);
      // 1x1x2x2 image, channels (1, 10) and (2, 20): with kernel (3, -1) each pixel gives 3a - b
      Operand<TFloat32> x = constant(tf, Shape.of(1, 1, 2, 2), 1, 10, 2, 20);
      Operand<TFloat32> y = conv.apply(tf, x, CallContext.inference());
      s.initialize();
      assign(s, tf, conv.trainableWeights().get(0), 3, -1);
      assertArrayEquals(new float[] {3 - 10, 6 - 20}, fetch(s, y), 1e-6f);
    }
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, new int[] {3}));
    assertTrue(e.getMessage().contains("[3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3, "swishy"));
    assertTrue(e.getMessage().contains("swishy"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Conv2D(4, 3).countParams(Shape.of(-1, 8, 8, -1)));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
