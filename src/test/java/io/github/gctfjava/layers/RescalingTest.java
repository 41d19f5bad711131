package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.AugmentationTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class RescalingTest {
  private static final Shape SHAPE = Shape.of(1, 2, 2, 1);
  private static final float[] PIXELS = {0f, 51f, 127.5f, 255f};

  @Test
  void scalesPixelsToTheUnitRange() {
    float[] out =
        run(
            (tf, x, c) -> new Rescaling(1 / 255.0).apply(tf, x, CallContext.inference()),
            SHAPE,
            PIXELS,
            0);
    assertArrayEquals(new float[] {0f, 0.2f, 0.5f, 1f}, out, 1e-6f, "x / 255 within 1e-6");
  }

  @Test
  void addsTheOffsetInTrainingToo() {
    float[] out =
        run(
            (tf, x, c) -> new Rescaling(1 / 127.5, -1).apply(tf, x, CallContext.training(1L, c)),
            SHAPE,
            PIXELS,
            0);
    assertArrayEquals(new float[] {-1f, -0.6f, 0f, 1f}, out, 1e-6f, "x / 127.5 - 1 within 1e-6");
  }

  @Test
  void isAWeightlessShapePreservingLayer() {
    Rescaling rescaling = new Rescaling(1 / 255.0);
    Shape shape = Shape.of(-1, 300, 300, 3);
    assertArrayEquals(shape.asArray(), rescaling.computeOutputShape(shape).asArray());
    assertEquals(0, rescaling.countParams(shape));
    assertEquals("rescaling", rescaling.baseName());
  }
}
