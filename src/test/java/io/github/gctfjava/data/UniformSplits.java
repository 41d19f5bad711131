package io.github.gctfjava.data;

import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * Splits of one-colour 300x300 images for tests outside this package that compute a model's output
 * by hand: every pixel of image {@code i} is {@code rgb[i]}, so any pooling of the rescaled image
 * gives {@code rgb[i][c] / 255} per channel.
 */
public final class UniformSplits {
  private UniformSplits() {}

  /**
   * Images of the colours {@code rgb} (0-255 each), labelled {@code labels}, named {@code
   * img<i>.png}.
   */
  public static ImageSplit of(int[][] rgb, long[] labels) {
    if (rgb.length != labels.length) {
      throw new IllegalArgumentException(rgb.length + " colours for " + labels.length + " labels");
    }
    int size = TestSplits.SIZE;
    byte[] bytes = new byte[rgb.length * size * size * 3];
    int p = 0;
    for (int[] colour : rgb) {
      for (int pixel = 0; pixel < size * size; pixel++) {
        for (int c = 0; c < 3; c++) {
          bytes[p++] = (byte) colour[c];
        }
      }
    }
    TUint8 images =
        TUint8.tensorOf(Shape.of(rgb.length, size, size, 3), DataBuffers.of(bytes, true, false));
    List<String> names = IntStream.range(0, rgb.length).mapToObj(i -> "img" + i + ".png").toList();
    return new ImageSplit("test", images, labels, names);
  }
}
