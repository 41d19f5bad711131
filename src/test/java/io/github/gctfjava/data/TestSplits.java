package io.github.gctfjava.data;

import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * Small in-memory splits for tests outside this package (the {@link ImageSplit} constructor is
 * package-private): 300x300x3 images whose pixel (0, 0, 0) is the example's index, so batches can
 * be traced back to examples.
 */
public final class TestSplits {
  static final int SIZE = 300;

  private TestSplits() {}

  /**
   * The uint8 value of image {@code i} at (y, x, c): its index at the origin, a ramp over all 256
   * values elsewhere.
   */
  static int pixel(int i, int y, int x, int c) {
    return y == 0 && x == 0 && c == 0 ? i : (x + 3 * y + 7 * c + 37 * i) & 0xFF;
  }

  /** The images of {@link #traceable}, flat in (n, y, x, c) order. */
  static byte[] pixels(int n) {
    byte[] bytes = new byte[n * SIZE * SIZE * 3];
    int p = 0;
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          for (int c = 0; c < 3; c++) {
            bytes[p++] = (byte) pixel(i, y, x, c);
          }
        }
      }
    }
    return bytes;
  }

  /**
   * A split of {@code n} images (n <= 256) labelled {@code label(index)}, named {@code img<i>.png}.
   */
  public static ImageSplit traceable(int n, LongUnaryOperator label) {
    if (n > 256) {
      throw new IllegalArgumentException("indices must fit in a uint8 pixel: " + n);
    }
    TUint8 images =
        TUint8.tensorOf(Shape.of(n, SIZE, SIZE, 3), DataBuffers.of(pixels(n), true, false));
    long[] labels = LongStream.range(0, n).map(label).toArray();
    List<String> names = IntStream.range(0, n).mapToObj(i -> "img" + i + ".png").toList();
    return new ImageSplit("train", images, labels, names);
  }
}
