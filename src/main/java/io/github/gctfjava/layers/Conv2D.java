package io.github.gctfjava.layers;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * Keras's {@code Conv2D} with its defaults: strides 1, padding "valid", channels last (NHWC), a
 * {@code glorot_uniform} kernel {@code [kh, kw, in, filters]} and a zero bias {@code [filters]}.
 */
public class Conv2D extends KernelLayer {
  private static final List<Long> STRIDES = List.of(1L, 1L, 1L, 1L);

  private final int[] kernelSize;

  /**
   * @param filters the number of output channels
   * @param kernelSize {@code {height, width}} of the window
   * @param activation a Keras activation name ("relu", "sigmoid", ...); null or "linear" for none
   */
  public Conv2D(int filters, int[] kernelSize, String activation) {
    super("filters", filters, activation);
    if (kernelSize.length != 2 || kernelSize[0] <= 0 || kernelSize[1] <= 0) {
      throw new IllegalArgumentException(
          "kernelSize must be two positive ints, got " + Arrays.toString(kernelSize));
    }
    this.kernelSize = kernelSize.clone();
  }

  /** A square window, as Keras's {@code Conv2D(filters, 3, activation=...)}. */
  public Conv2D(int filters, int kernelSize, String activation) {
    this(filters, new int[] {kernelSize, kernelSize}, activation);
  }

  /** Without activation (Keras's default, linear). */
  public Conv2D(int filters, int[] kernelSize) {
    this(filters, kernelSize, null);
  }

  /** A square window without activation. */
  public Conv2D(int filters, int kernelSize) {
    this(filters, kernelSize, null);
  }

  @Override
  public String baseName() {
    return "conv2d";
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return Shape.of(
        inputShape.get(0),
        validLength(inputShape.get(1), kernelSize[0]),
        validLength(inputShape.get(2), kernelSize[1]),
        outputs());
  }

  /** Keras's {@code conv_output_length} for "valid" padding and stride 1; unknown stays unknown. */
  private static long validLength(long length, int window) {
    return length < 0 ? length : length - window + 1;
  }

  @Override
  Shape kernelShape(Shape inputShape) {
    if (inputShape.numDimensions() != 4 || inputShape.get(3) < 0) {
      throw new IllegalArgumentException(
          "Conv2D needs (batch, height, width, channels) inputs"
              + " with known channels, got "
              + inputShape);
    }
    return Shape.of(kernelSize[0], kernelSize[1], inputShape.get(3), outputs());
  }

  @Override
  <T extends TNumber> Operand<T> project(Ops tf, Operand<T> inputs, Operand<T> kernel) {
    return tf.nn.conv2d(inputs, kernel, STRIDES, "VALID");
  }
}
