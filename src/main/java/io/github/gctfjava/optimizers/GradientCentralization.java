package io.github.gctfjava.optimizers;

import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * Gradient Centralization (Yong et al., 2020): a weight's gradient minus its mean over every axis
 * but the last (the output channels / units), so each output's gradient has zero mean.
 *
 * <p>Kept apart from any optimizer so it can be put in front of any of them: {@code
 * GradientCentralization.wrap(new Adam(graph, 1e-3f))} is Adam with GC. GC centralizes every
 * gradient of rank > 1 (convolution and dense kernels); the authors' {@code conv_only} variant,
 * GCC, only those of rank > 3 (convolution kernels). Everything runs in the graph of the {@code
 * Ops} it is given.
 */
public final class GradientCentralization {
  /** The lowest rank GC centralizes (dense and convolution kernels). */
  private static final int GC_MIN_RANK = 2;

  /** The lowest rank GCC ({@code conv_only}) centralizes (convolution kernels). */
  private static final int GCC_MIN_RANK = 4;

  private GradientCentralization() {}

  /**
   * {@code g - reduce_mean(g, axis=all but the last, keepdims=True)} when {@code g} has rank > 1;
   * rank 0 and 1 gradients (biases) are returned as they are, as in the Keras example.
   *
   * @throws IllegalArgumentException if the gradient's rank is not known when building the graph
   */
  public static <T extends TNumber> Operand<T> centralize(Ops tf, Operand<T> gradient) {
    return centralizeAny(tf, gradient, GC_MIN_RANK);
  }

  /** Each gradient centralized (GC), paired with the same variable, in the same order. */
  public static List<GradAndVar<?>> centralize(Ops tf, List<GradAndVar<?>> gradients) {
    return centralize(tf, gradients, GC_MIN_RANK);
  }

  /** GC as a gradient transformer: every gradient of rank > 1 centralized. */
  public static GradientTransformer gc() {
    return (tf, gradients) -> centralize(tf, gradients, GC_MIN_RANK);
  }

  /** GCC ({@code conv_only}) as a gradient transformer: only gradients of rank > 3 centralized. */
  public static GradientTransformer gcc() {
    return (tf, gradients) -> centralize(tf, gradients, GCC_MIN_RANK);
  }

  /**
   * {@code optimizer} with GC applied to its gradients last, after any transformer it has already.
   */
  public static TransformedOptimizer wrap(Optimizer optimizer) {
    return TransformedOptimizer.of(optimizer, gc());
  }

  /** {@code optimizer} with GCC ({@code conv_only}) applied to its gradients last. */
  public static TransformedOptimizer wrapConvOnly(Optimizer optimizer) {
    return TransformedOptimizer.of(optimizer, gcc());
  }

  private static List<GradAndVar<?>> centralize(
      Ops tf, List<GradAndVar<?>> gradients, int minRank) {
    return gradients.stream().<GradAndVar<?>>map(gv -> centralize(tf, gv, minRank)).toList();
  }

  private static <T extends TType> GradAndVar<T> centralize(
      Ops tf, GradAndVar<T> gradAndVar, int minRank) {
    return new GradAndVar<>(
        centralizeAny(tf, gradAndVar.getGradient(), minRank).asOutput(), gradAndVar.getVariable());
  }

  // A GradAndVar only knows its gradient as TType; Mean and Sub accept any TType, so the numeric
  // bound is checked at the public entry point and not needed here.
  private static <T extends TType> Operand<T> centralizeAny(
      Ops tf, Operand<T> gradient, int minRank) {
    int rank = gradient.shape().numDimensions();
    if (rank < 0) {
      throw new IllegalArgumentException(
          "gradient " + gradient.op().name() + " has an unknown rank; cannot centralize it");
    }
    if (rank < minRank) {
      return gradient;
    }
    Operand<T> mean =
        tf.math.mean(
            gradient, tf.constant(IntStream.range(0, rank - 1).toArray()), Mean.keepDims(true));
    return tf.math.sub(gradient, mean);
  }
}
