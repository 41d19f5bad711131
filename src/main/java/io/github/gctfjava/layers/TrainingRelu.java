package io.github.gctfjava.layers;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * Keras's {@code relu} for training graphs, built so that its gradient reads the activation's
 * output rather than its input.
 *
 * <p>TF's C++ gradient of {@code Relu} (the one graph gradients use) reads the op's input, so a
 * training step keeps every layer's pre-activation {@code BiasAdd} output alive until the backward
 * pass, beside the {@code Relu} output that the next layer keeps anyway: for this model's first
 * convolution, two tensors of 128 x 298 x 298 x 16 floats. The gradient needs only where the input
 * is positive, and that is where the output is positive. TF lets no one replace Relu's gradient, so
 * the activation is computed as {@code ReluGrad(x, StopGradient(x))} = {@code x * (x > 0)}, an op
 * without a gradient of its own, and {@link #GRADIENT} gives it {@code ReluGrad(dy, output)}.
 * Values: the same as Relu's, bar the sign of zero where {@code x < 0} ({@code -0.0} from the
 * product where Eigen's Relu gives {@code +0.0}); gradients: the same.
 *
 * <p>The gradient is registered process-wide for the {@code ReluGrad} op type; for any other use of
 * ReluGrad it is that op's true gradient ({@code ReluGrad(dy, features)} for the gradients input,
 * zero for the features). Where TF Java cannot register gradients (Windows), or another gradient is
 * registered already, {@link #apply} is plain Relu.
 */
final class TrainingRelu {
  private TrainingRelu() {}

  private static final boolean GRADIENT = register();

  /** {@code relu(x)} for a training graph, in x's dtype. */
  static <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> x) {
    if (!GRADIENT) {
      return tf.nn.relu(x);
    }
    return tf.nn.reluGrad(x, tf.stopGradient(x));
  }

  private static boolean register() {
    try {
      return TensorFlow.registerCustomGradient("ReluGrad", TrainingRelu::gradient);
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /** ReluGrad's gradient; for {@link #apply}'s form, from the op's output. */
  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return typedGradient(tf, op, dy.get(0));
  }

  @SuppressWarnings("unchecked") // ReluGrad's inputs and output share one numeric type T
  private static <T extends TNumber> List<Operand<?>> typedGradient(
      Ops tf, GraphOperation op, Output<?> upstream) {
    Output<T> gradients = (Output<T>) op.input(0);
    Output<T> features = (Output<T>) op.input(1);
    boolean relu = isStopGradientOf(features, gradients);
    Operand<T> dx = tf.nn.reluGrad((Output<T>) upstream, relu ? op.<T>output(0) : features);
    // In apply's form the features input feeds StopGradient, which drops what comes back to it.
    return List.of(dx, relu ? dx : tf.zerosLike(features));
  }

  private static boolean isStopGradientOf(Output<?> features, Output<?> x) {
    return features.op() instanceof GraphOperation stop
        && stop.type().equals("StopGradient")
        && stop.input(0).equals(x);
  }
}
