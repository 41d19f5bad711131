package io.github.gctfjava.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * Keras's {@code Dense} on {@code (batch, features)} inputs: {@code activation(x @ kernel + bias)}
 * with a {@code glorot_uniform} kernel {@code [features, units]} and a zero bias {@code [units]}.
 *
 * <p>For a sigmoid output, {@link Activations#sigmoidLogits} gives the pre-activation.
 */
public class Dense extends KernelLayer {
  /**
   * @param units the number of outputs
   * @param activation a Keras activation name ("relu", "sigmoid", ...); null or "linear" for none
   */
  public Dense(int units, String activation) {
    super("units", units, activation);
  }

  /** Without activation (Keras's default, linear). */
  public Dense(int units) {
    this(units, null);
  }

  @Override
  public String baseName() {
    return "dense";
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return Shape.of(inputShape.get(0), outputs());
  }

  @Override
  Shape kernelShape(Shape inputShape) {
    if (inputShape.numDimensions() != 2 || inputShape.get(1) < 0) {
      throw new IllegalArgumentException(
          "Dense needs (batch, features) inputs with known features, got " + inputShape);
    }
    return Shape.of(inputShape.get(1), outputs());
  }

  @Override
  <T extends TNumber> Operand<T> project(Ops tf, Operand<T> inputs, Operand<T> kernel) {
    return tf.linalg.matMul(inputs, kernel);
  }
}
