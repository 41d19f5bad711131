package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.AugmentationTestSupport.eval;
import static io.github.gctfjava.layers.AugmentationTestSupport.iota;
import static io.github.gctfjava.layers.AugmentationTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.gctfjava.training.Sequential;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Rotation and zoom applied as one resampling ({@link Sequential#setFuseTransforms}). */
class FusedTransformsTest {
  // Odd sides: the centre is a pixel, so a quarter turn and a zoom by 2 land on whole pixels.
  private static final Shape SHAPE = Shape.of(1, 5, 5, 1);

  @Test
  void composeIsTheProductOfTheThreeByThreeMatrices() {
    float[] a = {0.6f, -0.8f, 2.5f, 0.8f, 0.6f, -1.0f, 0f, 0f};
    float[] b = {1.5f, 0f, -1.25f, 0f, 0.5f, 1.25f, 0f, 0f};
    float[] actual =
        eval(
            tf ->
                ImageTransform.compose(
                    tf, tf.constant(new float[][] {a}), tf.constant(new float[][] {b})));
    // [[a0 a1 a2][a3 a4 a5][0 0 1]] x [[b0 b1 b2][b3 b4 b5][0 0 1]], by hand
    float[] expected = {
      0.6f * 1.5f,
      -0.8f * 0.5f,
      0.6f * -1.25f + -0.8f * 1.25f + 2.5f,
      0.8f * 1.5f,
      0.6f * 0.5f,
      0.8f * -1.25f + 0.6f * 1.25f - 1.0f,
      0f,
      0f
    };
    assertArrayEquals(expected, actual, 1e-6f);
  }

  /**
   * A quarter turn maps the square image onto itself, so reflecting the turned image (Keras's two
   * resamplings) and turning the reflected image (one resampling) give the same pixels; with
   * nearest interpolation nothing blurs, so fused and separate must agree exactly.
   */
  @Test
  void fusedEqualsSeparateWhereKerasResultIsExact() {
    float[] image = iota(25);
    float[] separate = quarterTurnThenZoomOut(false, image);
    float[] fused = quarterTurnThenZoomOut(true, image);
    assertArrayEquals(separate, fused, 1e-5f);
    assertFalse(Arrays.equals(image, fused), "the transforms did something");
  }

  /**
   * Flips are exact transforms: fused with a quarter turn and a zoom, they change nothing but the
   * cost.
   */
  @Test
  void flipsFuseExactly() {
    float[] batch = new float[25 * 8];
    for (int i = 0; i < 8; i++) {
      System.arraycopy(iota(25), 0, batch, 25 * i, 25);
    }
    float[] separate = flipTurnZoom(false, batch);
    float[] fused = flipTurnZoom(true, batch);
    assertArrayEquals(separate, fused, 1e-5f);
  }

  private static float[] flipTurnZoom(boolean fuse, float[] batch) {
    Sequential augmentation =
        new Sequential(
                new RandomFlip("horizontal_and_vertical"),
                new RandomRotation(new double[] {0.25, 0.25}, "reflect", "nearest", null, 0.0),
                new RandomZoom(new double[] {1.0, 1.0}, null, "reflect", "nearest", null, 0.0))
            .setFuseTransforms(fuse);
    return run(
        (tf, x, counter) -> augmentation.call(tf, x, CallContext.training(11L, counter)),
        Shape.of(8, 5, 5, 1),
        batch,
        2);
  }

  private static float[] quarterTurnThenZoomOut(boolean fuse, float[] image) {
    // factor (0.25, 0.25): every angle is exactly 2π/4; height factor (1, 1): every zoom is 2 (out)
    Sequential augmentation =
        new Sequential(
                new RandomRotation(new double[] {0.25, 0.25}, "reflect", "nearest", null, 0.0),
                new RandomZoom(new double[] {1.0, 1.0}, null, "reflect", "nearest", null, 0.0))
            .setFuseTransforms(fuse);
    return run(
        (tf, x, counter) -> augmentation.call(tf, x, CallContext.training(7L, counter)),
        SHAPE,
        image,
        3);
  }
}
