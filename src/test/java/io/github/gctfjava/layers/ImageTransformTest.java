package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.AugmentationTestSupport.eval;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class ImageTransformTest {
  private static final float EPS = 1e-5f;

  /** Keras's get_rotation_matrix, one row, in double precision. */
  private static float[] kerasRotation(double angle, double h, double w) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double xOffset = ((w - 1) - (c * (w - 1) - s * (h - 1))) / 2.0;
    double yOffset = ((h - 1) - (s * (w - 1) + c * (h - 1))) / 2.0;
    return new float[] {
      (float) c, (float) -s, (float) xOffset, (float) s, (float) c, (float) yOffset, 0, 0
    };
  }

  /** Keras's get_zoom_matrix, one row, in double precision. */
  private static float[] kerasZoom(double zx, double zy, double h, double w) {
    return new float[] {
      (float) zx,
      0,
      (float) ((w - 1) / 2.0 * (1 - zx)),
      0,
      (float) zy,
      (float) ((h - 1) / 2.0 * (1 - zy)),
      0,
      0
    };
  }

  private static float[] concat(float[]... rows) {
    float[] all = new float[rows.length * 8];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, all, i * 8, 8);
    }
    return all;
  }

  @Test
  void rotationMatrixFollowsKerasFormulaOnNonSquareImages() {
    float[] angles = {0f, 0.3f, -1.2f, (float) Math.PI / 2, 2.5f};
    float[] actual =
        eval(
            tf ->
                ImageTransform.rotationMatrix(
                    tf, tf.constant(angles), tf.constant(5f), tf.constant(7f)));
    float[][] rows = new float[angles.length][];
    for (int i = 0; i < angles.length; i++) {
      rows[i] = kerasRotation(angles[i], 5, 7);
    }
    assertArrayEquals(concat(rows), actual, EPS, "rotation rows within 1e-5 of Keras's formula");
  }

  @Test
  void zoomMatrixFollowsKerasFormulaWithWidthZoomFirst() {
    float[][] zooms = {{1f, 1f}, {0.8f, 1.2f}, {2f, 0.5f}};
    float[] actual =
        eval(
            tf ->
                ImageTransform.zoomMatrix(
                    tf, tf.constant(zooms), tf.constant(5f), tf.constant(7f)));
    float[] expected =
        concat(kerasZoom(1, 1, 5, 7), kerasZoom(0.8, 1.2, 5, 7), kerasZoom(2, 0.5, 5, 7));
    assertArrayEquals(expected, actual, EPS, "zoom rows within 1e-5 of Keras's formula");
  }

  /** One row {@code [1 2 3 4]} sampled at x' = x + shift (a translation transform). */
  private static float[] shiftRow(
      float shift, String fillMode, float fillValue, String interpolation) {
    return eval(
        tf ->
            ImageTransform.transform(
                tf,
                tf.constant(Shape.of(1, 1, 4, 1), DataBuffers.of(1f, 2f, 3f, 4f)),
                tf.constant(new float[][] {{1, 0, shift, 0, 1, 0, 0, 0}}),
                fillMode,
                fillValue,
                interpolation));
  }

  @Test
  void fillModesExtendTheRowAsDocumentedByKeras() {
    // Output pixel x samples input x - 2: (-2, -1, 0, 1).
    assertArrayEquals(
        new float[] {2, 1, 1, 2},
        shiftRow(-2, "reflect", 0, "bilinear"),
        0f,
        "reflect: (d c b a | a b c d | d c b a)");
    assertArrayEquals(
        new float[] {3, 4, 1, 2},
        shiftRow(-2, "wrap", 0, "bilinear"),
        0f,
        "wrap: (a b c d | a b c d | a b c d)");
    assertArrayEquals(
        new float[] {9, 9, 1, 2},
        shiftRow(-2, "constant", 9, "bilinear"),
        0f,
        "constant: (k k k k | a b c d | k k k k) with k = fill_value");
    assertArrayEquals(
        new float[] {1, 1, 1, 2},
        shiftRow(-2, "nearest", 0, "bilinear"),
        0f,
        "nearest: (a a a a | a b c d | d d d d)");
    // Output pixel x samples input x + 5: (5, 6, 7, 8), beyond the right edge.
    assertArrayEquals(
        new float[] {3, 2, 1, 1},
        shiftRow(5, "reflect", 0, "bilinear"),
        0f,
        "reflect on the right edge");
  }

  @Test
  void interpolationBlendsOrRoundsHalfPixels() {
    // Samples at 0.5, 1.5, 2.5, 3.5; 3.5 lies past the last pixel and reflects onto it.
    assertArrayEquals(
        new float[] {1.5f, 2.5f, 3.5f, 4f},
        shiftRow(0.5f, "reflect", 0, "bilinear"),
        EPS,
        "bilinear averages neighbours (1e-5)");
    assertArrayEquals(
        new float[] {2, 3, 4, 4},
        shiftRow(0.5f, "reflect", 0, "nearest"),
        0f,
        "nearest rounds half away from zero");
  }

  @Test
  void worksOnImagesOfStaticallyUnknownSize() {
    // A half-size zoom (zx = zy = 0.5) of a 3x5 image whose size only the run knows.
    float[] image = AugmentationTestSupport.iota(15);
    try (Graph g = new Graph();
        Session session = new Session(g);
        TFloat32 x = TFloat32.tensorOf(Shape.of(1, 3, 5, 1), DataBuffers.of(image))) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> input =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
      Operand<TFloat32> zoomed =
          ImageTransform.transform(
              tf,
              input,
              ImageTransform.zoomMatrix(
                  tf,
                  tf.constant(new float[][] {{0.5f, 0.5f}}),
                  ImageTransform.height(tf, input),
                  ImageTransform.width(tf, input)),
              "reflect",
              0f,
              "bilinear");
      try (Result r = session.runner().feed(input, x).fetch(zoomed).run()) {
        float[] expected = new float[15];
        for (int row = 0; row < 3; row++) {
          for (int col = 0; col < 5; col++) {
            // Pixel value 5 * row + col is linear, so bilinear sampling at (0.5 row + 0.5,
            // 0.5 col + 1) gives exactly 5 * (0.5 row + 0.5) + (0.5 col + 1).
            expected[row * 5 + col] = 5 * (0.5f * row + 0.5f) + (0.5f * col + 1);
          }
        }
        assertArrayEquals(
            expected,
            AugmentationTestSupport.toArray((TFloat32) r.get(0)),
            EPS,
            "zoom-in of a run-time sized image within 1e-5 of the hand values");
      }
    }
  }

  @Test
  void unknownFillModeOrInterpolationIsAnArgumentError() {
    IllegalArgumentException mode =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageTransform.checkFillModeAndInterpolation("mirror", "bilinear"));
    assertTrue(
        mode.getMessage().contains("fill_mode") && mode.getMessage().contains("mirror"),
        mode.getMessage());
    IllegalArgumentException interpolation =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageTransform.checkFillModeAndInterpolation("reflect", "bicubic"));
    assertTrue(
        interpolation.getMessage().contains("interpolation")
            && interpolation.getMessage().contains("bicubic"),
        interpolation.getMessage());
  }
}
