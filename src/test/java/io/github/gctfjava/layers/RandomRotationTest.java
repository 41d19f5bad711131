package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.AugmentationTestSupport.eval;
import static io.github.gctfjava.layers.AugmentationTestSupport.iota;
import static io.github.gctfjava.layers.AugmentationTestSupport.repeat;
import static io.github.gctfjava.layers.AugmentationTestSupport.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class RandomRotationTest {
  private static final Shape ONE_4X4 = Shape.of(1, 4, 4, 1);

  /** A rotation by exactly {@code turns * 2π} (lower = upper). */
  private static RandomRotation fixed(double turns, String fillMode) {
    return new RandomRotation(new double[] {turns, turns}, fillMode, "bilinear", null, 0.0);
  }

  @Test
  void zeroAngleIsTheIdentityBitForBit() {
    float[] rgb = iota(2 * 5 * 5 * 3);
    float[] out = train(new RandomRotation(0.0), Shape.of(2, 5, 5, 3), rgb, 0);
    assertArrayEquals(rgb, out, 0f, "factor 0 leaves every pixel exactly as it was");
  }

  @Test
  void quarterTurnIsCounterClockwise() {
    // Keras's matrix for +π/2 on 4x4 maps output (x, y) to input (x' = 3 - y, y' = x): the right
    // column becomes the top row, i.e. np.rot90, a counter-clockwise turn.
    float[] expected = {
      3, 7, 11, 15,
      2, 6, 10, 14,
      1, 5, 9, 13,
      0, 4, 8, 12
    };
    assertArrayEquals(
        expected,
        train(fixed(0.25, "reflect"), ONE_4X4, iota(16), 0),
        1e-4f,
        "+π/2 within 1e-4 (float32 cos(π/2) is -4.4e-8, not 0)");
  }

  @Test
  void negativeQuarterTurnIsClockwise() {
    float[] expected = {
      12, 8, 4, 0,
      13, 9, 5, 1,
      14, 10, 6, 2,
      15, 11, 7, 3
    };
    assertArrayEquals(
        expected, train(fixed(-0.25, "reflect"), ONE_4X4, iota(16), 0), 1e-4f, "-π/2 within 1e-4");
  }

  @Test
  void constantFillShowsInTheCornersOfAnEighthTurn() {
    // Rotating a 5x5 image by 45° about its centre (2, 2) moves each corner 2√2 ≈ 2.83 pixels from
    // the centre along an axis, outside the image: the corners take fill_value.
    RandomRotation rotation =
        new RandomRotation(new double[] {0.125, 0.125}, "constant", "nearest", null, -1.0);
    float[] out = train(rotation, Shape.of(1, 5, 5, 1), iota(25), 0);
    for (int corner : new int[] {0, 4, 20, 24}) {
      assertEquals(-1f, out[corner], 0f, "corner " + corner + " is fill_value");
    }
    assertEquals(12f, out[12], 1e-6f, "the centre stays in place");
  }

  @Test
  void anglesLieWithinTheFactorAndCoverIt() {
    RandomRotation rotation = new RandomRotation(0.3);
    float[] angles =
        eval(
            tf ->
                rotation.sampleAngles(
                    tf, CallContext.training(42L, tf.constant(0L)), tf.constant(new int[] {2048})));
    double bound = 0.3 * 2 * Math.PI;
    int[] bins = new int[10];
    for (float a : angles) {
      assertTrue(a >= -bound - 1e-6 && a <= bound + 1e-6, "angle " + a + " within ±0.6π");
      bins[(int) Math.min(9, Math.floor((a + bound) / (2 * bound) * 10))]++;
    }
    for (int b = 0; b < 10; b++) {
      // 2048 uniform draws put about 205 in each tenth; fewer than 120 would not be uniform.
      assertTrue(
          bins[b] > 120,
          "tenth " + b + " of [-0.6π, 0.6π] has " + bins[b] + " angles: " + Arrays.toString(bins));
    }
  }

  @Test
  void anglesDifferPerImageAndCounterButRepeatForTheSameKey() {
    RandomRotation rotation = new RandomRotation(0.3);
    float[] image = iota(16);
    float[] batch = repeat(image, 8);
    Shape shape = Shape.of(8, 4, 4, 1);
    float[] first = train(rotation, shape, batch, 5);
    assertArrayEquals(first, train(rotation, shape, batch, 5), 0f, "same seed and counter");
    assertFalse(Arrays.equals(first, train(rotation, shape, batch, 6)), "another counter");
    assertFalse(
        Arrays.equals(Arrays.copyOfRange(first, 0, 16), Arrays.copyOfRange(first, 16, 32)),
        "two images of one batch get different angles");
  }

  @Test
  void invalidArgumentsAreArgumentErrorsNamingTheValue() {
    IllegalArgumentException bounds =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomRotation(new double[] {0.3, -0.2}, "reflect", "bilinear", null, 0));
    assertTrue(
        bounds.getMessage().contains("factor") && bounds.getMessage().contains("-0.2"),
        bounds.getMessage());
    IllegalArgumentException arity =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomRotation(new double[] {0.1, 0.2, 0.3}, "reflect", "bilinear", null, 0));
    assertTrue(arity.getMessage().contains("factor"), arity.getMessage());
    IllegalArgumentException mode =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomRotation(new double[] {0.3}, "mirror", "bilinear", null, 0));
    assertTrue(
        mode.getMessage().contains("fill_mode") && mode.getMessage().contains("mirror"),
        mode.getMessage());
    IllegalArgumentException interpolation =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomRotation(new double[] {0.3}, "reflect", "bicubic", null, 0));
    assertTrue(interpolation.getMessage().contains("bicubic"), interpolation.getMessage());
  }
}
