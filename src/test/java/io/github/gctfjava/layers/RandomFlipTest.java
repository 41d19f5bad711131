package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.AugmentationTestSupport.image;
import static io.github.gctfjava.layers.AugmentationTestSupport.iota;
import static io.github.gctfjava.layers.AugmentationTestSupport.repeat;
import static io.github.gctfjava.layers.AugmentationTestSupport.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class RandomFlipTest {
  private static final int BATCH = 64;
  private static final Shape BATCH_4X4 = Shape.of(BATCH, 4, 4, 1);

  private static final float[] IMAGE = iota(16);
  private static final float[] LEFT_RIGHT = {
    3, 2, 1, 0,
    7, 6, 5, 4,
    11, 10, 9, 8,
    15, 14, 13, 12
  };
  private static final float[] UP_DOWN = {
    12, 13, 14, 15,
    8, 9, 10, 11,
    4, 5, 6, 7,
    0, 1, 2, 3
  };
  private static final float[] BOTH = {
    15, 14, 13, 12,
    11, 10, 9, 8,
    7, 6, 5, 4,
    3, 2, 1, 0
  };

  /** How often each of the given images occurs among the 64 outputs; fails on any other image. */
  private static Map<String, Integer> outcomes(float[] batch, Map<String, float[]> allowed) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < BATCH; i++) {
      int index = i;
      float[] out = image(batch, i, 16);
      String match =
          allowed.entrySet().stream()
              .filter(e -> Arrays.equals(e.getValue(), out))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "image " + index + " is no allowed flip: " + Arrays.toString(out)));
      counts.merge(match, 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void horizontalFlipsSomeImagesLeftRightExactly() {
    float[] out = train(new RandomFlip("horizontal"), BATCH_4X4, repeat(IMAGE, BATCH), 0);
    Map<String, Integer> counts = outcomes(out, Map.of("id", IMAGE, "lr", LEFT_RIGHT));
    assertEquals(2, counts.size(), "64 images with p = 1/2 give flipped and unflipped: " + counts);
  }

  @Test
  void verticalFlipsSomeImagesUpDownExactly() {
    float[] out = train(new RandomFlip("vertical"), BATCH_4X4, repeat(IMAGE, BATCH), 0);
    Map<String, Integer> counts = outcomes(out, Map.of("id", IMAGE, "ud", UP_DOWN));
    assertEquals(2, counts.size(), "flipped and unflipped among 64: " + counts);
  }

  @Test
  void horizontalAndVerticalGivesAllFourFlipsIndependently() {
    float[] out = train(new RandomFlip(), BATCH_4X4, repeat(IMAGE, BATCH), 0);
    Map<String, Integer> counts =
        outcomes(out, Map.of("id", IMAGE, "lr", LEFT_RIGHT, "ud", UP_DOWN, "both", BOTH));
    assertEquals(4, counts.size(), "all four combinations among 64: " + counts);
  }

  @Test
  void flipsEveryChannelOfAPixelTogether() {
    // 3x3 RGB: the pixel at (row, col) holds (v, v + 100, v + 200) with v = 3 * row + col.
    float[] rgb = new float[27];
    for (int p = 0; p < 9; p++) {
      for (int ch = 0; ch < 3; ch++) {
        rgb[p * 3 + ch] = p + 100 * ch;
      }
    }
    float[] mirrored = new float[27];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        for (int ch = 0; ch < 3; ch++) {
          mirrored[(row * 3 + col) * 3 + ch] = rgb[(row * 3 + (2 - col)) * 3 + ch];
        }
      }
    }
    float[] out = train(new RandomFlip("horizontal"), Shape.of(16, 3, 3, 3), repeat(rgb, 16), 0);
    int flipped = 0;
    for (int i = 0; i < 16; i++) {
      float[] img = image(out, i, 27);
      boolean isMirror = Arrays.equals(mirrored, img);
      assertTrue(isMirror || Arrays.equals(rgb, img), "image " + i + ": " + Arrays.toString(img));
      flipped += isMirror ? 1 : 0;
    }
    assertTrue(flipped > 0 && flipped < 16, "some of 16 flipped, some not: " + flipped);
  }

  @Test
  void drawsDependOnCounterAndLayerSeedOnly() {
    float[] batch = repeat(IMAGE, BATCH);
    float[] first = train(new RandomFlip(), BATCH_4X4, batch, 3);
    assertArrayEquals(
        first,
        train(new RandomFlip(), BATCH_4X4, batch, 3),
        0f,
        "same seed and counter: same flips");
    assertFalse(
        Arrays.equals(first, train(new RandomFlip(), BATCH_4X4, batch, 4)),
        "another counter: other flips");
    assertFalse(
        Arrays.equals(
            first, train(new RandomFlip("horizontal_and_vertical", 7L), BATCH_4X4, batch, 3)),
        "a Keras layer seed changes the flips");
  }

  @Test
  void unknownModeIsAnArgumentError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RandomFlip("diagonal"));
    assertTrue(
        e.getMessage().contains("mode") && e.getMessage().contains("diagonal"), e.getMessage());
  }
}
