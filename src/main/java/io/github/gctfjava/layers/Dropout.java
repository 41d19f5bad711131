package io.github.gctfjava.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Dropout}: in training, zeroes each input with probability {@code rate} and scales
 * the kept ones by {@code 1 / (1 - rate)} (tf.nn.dropout's inverted dropout, so inference needs no
 * rescaling); at inference, the identity.
 */
public class Dropout extends Layer {
  private final double rate;

  /**
   * @param rate the fraction of the inputs to drop, in [0, 1)
   */
  public Dropout(double rate) {
    super(null);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
  }

  @Override
  public String baseName() {
    return "dropout";
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> inputs, CallContext context) {
    if (!context.training()) {
      return inputs;
    }
    // As tf.nn.dropout: keep where a uniform draw in [0, 1) is >= rate (probability 1 - rate).
    Operand<TFloat32> uniform =
        tf.random.statelessRandomUniform(
            tf.shape(inputs), context.statelessSeed(tf, salt()), TFloat32.class);
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(tf.math.mul(inputs, tf.constant((float) (1 / (1 - rate)))), keep);
  }
}
