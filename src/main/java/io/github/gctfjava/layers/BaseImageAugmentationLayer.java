package io.github.gctfjava.layers;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What Keras's random image layers share: they are the identity unless training, keep the input
 * shape, have no weights, and draw one random value per image of the batch.
 *
 * <p>Draws come from TF's stateless random ops keyed by {@link CallContext#statelessSeed}, so they
 * depend only on the run's seed, the batch counter, the layer's place in its model, which draw of
 * the layer it is and, when given, the layer's own Keras {@code seed}. Nothing is stateful, so the
 * layers also run inside a tf.data map function.
 */
abstract class BaseImageAugmentationLayer extends Layer {
  /** Room for the distinct draws of one layer within its salt. */
  private static final int DRAWS_PER_LAYER = 8;

  private final Long seed;

  BaseImageAugmentationLayer(Long seed) {
    super(null);
    this.seed = seed;
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  protected final Operand<TFloat32> call(Ops tf, Operand<TFloat32> inputs, CallContext context) {
    return context.training() ? augment(tf, inputs, context) : inputs;
  }

  /** The training-time computation on an NHWC batch whose batch size may be unknown. */
  abstract Operand<TFloat32> augment(Ops tf, Operand<TFloat32> images, CallContext context);

  /** int32 {@code [1]} holding the batch size, read at run time. */
  static Operand<TInt32> batchShape(Ops tf, Operand<TFloat32> images) {
    return tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
  }

  /**
   * One float32 per image, uniform in {@code [minval, maxval)} (TF's {@code u * (max - min) +
   * min}).
   *
   * @param draw which of this layer's draws, below {@value #DRAWS_PER_LAYER}: different draws are
   *     independent
   */
  final Operand<TFloat32> uniform(
      Ops tf,
      CallContext context,
      int draw,
      Operand<TInt32> batchShape,
      float minval,
      float maxval) {
    long salt = salt() * DRAWS_PER_LAYER + draw;
    if (seed != null) {
      salt ^= CallContext.mix(seed);
    }
    Operand<TFloat32> unit =
        tf.random.statelessRandomUniform(
            batchShape, context.statelessSeed(tf, salt), TFloat32.class);
    return tf.math.add(tf.math.mul(unit, tf.constant(maxval - minval)), tf.constant(minval));
  }

  /**
   * Keras's "float or tuple" factor as {@code {lower, upper}}: one value {@code f} means {@code
   * (-f, f)}, two values are the bounds themselves.
   */
  static double[] bounds(String argument, double[] factor) {
    if (factor == null || factor.length < 1 || factor.length > 2) {
      throw new IllegalArgumentException(
          "`"
              + argument
              + "` must be one float or a (lower, upper) pair, got "
              + Arrays.toString(factor));
    }
    return factor.length == 1 ? new double[] {-factor[0], factor[0]} : factor.clone();
  }
}
