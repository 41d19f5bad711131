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

class RandomZoomTest {
  private static final Shape ONE_5X5 = Shape.of(1, 5, 5, 1);

  /** A zoom by exactly {@code 1 + factor} on both axes. */
  private static RandomZoom fixed(double factor, String fillMode, double fillValue) {
    return new RandomZoom(
        new double[] {factor, factor}, null, fillMode, "bilinear", null, fillValue);
  }

  @Test
  void zoomOneIsTheIdentityBitForBit() {
    float[] rgb = iota(2 * 5 * 5 * 3);
    assertArrayEquals(
        rgb,
        train(fixed(0, "reflect", 0), Shape.of(2, 5, 5, 3), rgb, 0),
        0f,
        "zoom 1 leaves every pixel exactly as it was");
  }

  @Test
  void zoomingOutTwiceReflectsAtTheBorder() {
    // Zoom 2 on 5 pixels samples input 2x - 2 = (-2, 0, 2, 4, 6); TF's reflect maps -2 to 1 and 6
    // to 3, so rows and columns come from (1, 0, 2, 4, 3). Pixel value: 5 * row + col.
    float[] expected = {
      6, 5, 7, 9, 8,
      1, 0, 2, 4, 3,
      11, 10, 12, 14, 13,
      21, 20, 22, 24, 23,
      16, 15, 17, 19, 18
    };
    assertArrayEquals(
        expected,
        train(fixed(1.0, "reflect", 0), ONE_5X5, iota(25), 0),
        0f,
        "zoom-out by 2 with reflect fill, exact (integer sample points)");
  }

  @Test
  void zoomingOutTwiceWithConstantFillUsesFillValue() {
    float[] expected = {
      7, 7, 7, 7, 7,
      7, 0, 2, 4, 7,
      7, 10, 12, 14, 7,
      7, 20, 22, 24, 7,
      7, 7, 7, 7, 7
    };
    assertArrayEquals(
        expected,
        train(fixed(1.0, "constant", 7), ONE_5X5, iota(25), 0),
        0f,
        "zoom-out by 2 with constant fill 7, exact");
  }

  @Test
  void zoomingInInterpolatesBetweenPixels() {
    // Zoom 0.5 samples 0.5 x + 1; bilinear sampling of the linear image 5 * row + col is exact.
    float[] expected = new float[25];
    for (int row = 0; row < 5; row++) {
      for (int col = 0; col < 5; col++) {
        expected[row * 5 + col] = 5 * (0.5f * row + 1) + (0.5f * col + 1);
      }
    }
    assertArrayEquals(
        expected,
        train(fixed(-0.5, "reflect", 0), ONE_5X5, iota(25), 0),
        1e-5f,
        "zoom-in by 2 within 1e-5");
  }

  @Test
  void widthFactorZoomsOnlyTheColumns() {
    // A 5x4 image: height zoom 1 keeps the rows; width zoom 2 samples columns 2x - 1.5, i.e.
    // (-1.5, 0.5, 2.5, 4.5); TF's reflect maps -1.5 to -(-1.5) - 1 = 0.5 and 4.5 to
    // 2 * 4 - 4.5 - 1 = 2.5.
    RandomZoom zoom =
        new RandomZoom(new double[] {0, 0}, new double[] {1, 1}, "reflect", "bilinear", null, 0);
    float[] out = train(zoom, Shape.of(1, 5, 4, 1), iota(20), 0);
    float[] expected = new float[20];
    float[] columns = {0.5f, 0.5f, 2.5f, 2.5f};
    for (int row = 0; row < 5; row++) {
      for (int col = 0; col < 4; col++) {
        expected[row * 4 + col] = 4 * row + columns[col];
      }
    }
    assertArrayEquals(expected, out, 1e-5f, "width-only zoom within 1e-5");
  }

  private static float[] sampleZooms(RandomZoom zoom) {
    return eval(
        tf ->
            zoom.sampleZooms(
                tf, CallContext.training(42L, tf.constant(0L)), tf.constant(new int[] {2048})));
  }

  @Test
  void zoomsLieWithinTheFactorAndCoverIt() {
    float[] zooms = sampleZooms(new RandomZoom(0.2));
    int[] bins = new int[10];
    for (int i = 0; i < 2048; i++) {
      float zx = zooms[2 * i];
      float zy = zooms[2 * i + 1];
      assertEquals(zy, zx, 0f, "without width_factor the width zoom is the height zoom");
      assertTrue(zy >= 0.8f && zy <= 1.2f, "zoom " + zy + " within [0.8, 1.2]");
      bins[(int) Math.min(9, Math.floor((zy - 0.8) / 0.4 * 10))]++;
    }
    for (int b = 0; b < 10; b++) {
      assertTrue(
          bins[b] > 120,
          "tenth "
              + b
              + " of [0.8, 1.2] has "
              + bins[b]
              + " zooms (~205 "
              + "expected): "
              + Arrays.toString(bins));
    }
  }

  @Test
  void widthFactorDrawsItsOwnZooms() {
    float[] zooms =
        sampleZooms(
            new RandomZoom(
                new double[] {0.2}, new double[] {-0.5, -0.4}, "reflect", "bilinear", null, 0));
    for (int i = 0; i < 2048; i++) {
      assertTrue(zooms[2 * i] >= 0.5f && zooms[2 * i] <= 0.6f, "width zoom " + zooms[2 * i]);
      assertTrue(zooms[2 * i + 1] >= 0.8f && zooms[2 * i + 1] <= 1.2f, "height zoom");
    }
  }

  @Test
  void sameKeySameZoomsOtherCounterOtherZooms() {
    RandomZoom zoom = new RandomZoom(0.2);
    float[] batch = repeat(iota(25), 4);
    Shape shape = Shape.of(4, 5, 5, 1);
    float[] first = train(zoom, shape, batch, 1);
    assertArrayEquals(first, train(zoom, shape, batch, 1), 0f, "same seed and counter");
    assertFalse(Arrays.equals(first, train(zoom, shape, batch, 2)), "another counter");
  }

  @Test
  void invalidArgumentsAreArgumentErrorsNamingTheValue() {
    IllegalArgumentException height =
        assertThrows(IllegalArgumentException.class, () -> new RandomZoom(1.5));
    assertTrue(
        height.getMessage().contains("height_factor") && height.getMessage().contains("1.5"),
        height.getMessage());
    IllegalArgumentException width =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RandomZoom(
                    new double[] {0.2}, new double[] {-1.5, 0.2}, "reflect", "bilinear", null, 0));
    assertTrue(
        width.getMessage().contains("width_factor") && width.getMessage().contains("-1.5"),
        width.getMessage());
    IllegalArgumentException mode =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomZoom(new double[] {0.2}, null, "mirror", "bilinear", null, 0));
    assertTrue(mode.getMessage().contains("mirror"), mode.getMessage());
  }
}
