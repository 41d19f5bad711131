package io.github.gctfjava.utils;

import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.tensorflow.ndarray.Shape;

/** Shapes as Python prints them, so printed lines match the Keras example's. */
public final class PythonTuple {
  private PythonTuple() {}

  /**
   * {@code (None, 298, 298, 16)}, {@code (3,)}: Python's tuple repr, None for unknown dimensions.
   */
  public static String of(Shape shape) {
    String dims =
        LongStream.of(shape.asArray())
            .mapToObj(d -> d < 0 ? "None" : Long.toString(d))
            .collect(Collectors.joining(", "));
    return "(" + dims + (shape.numDimensions() == 1 ? ",)" : ")");
  }
}
