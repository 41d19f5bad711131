package io.github.gctfjava.layers;

import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Dropout}: in training, zeroes each input with probability {@code rate} and scales
 * the kept ones by {@code 1 / (1 - rate)} (tf.nn.dropout's inverted dropout, so inference needs no
 * rescaling); at inference, the identity.
 */
public class Dropout extends Layer {
  /**
   * Grappler's memory optimizer (in its MANUAL mode, which {@code Model}'s sessions use) computes
   * an op with this attribute again for the gradient ops that read it, instead of keeping its
   * output from the forward pass to the backward one.
   */
  static final String RECOMPUTE_HINT = "_recompute_hint";

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
    Operand<TBool> kept = tf.math.greaterEqual(uniform, tf.constant((float) rate));
    return tf.math.mul(
        tf.math.mul(inputs, tf.constant((float) (1 / (1 - rate)))), toFloat(tf, kept));
  }

  /**
   * The mask as floats, {@code Cast(kept)}, marked for recomputation: the gradient of the product
   * needs the mask, and the backward pass then keeps the 1-byte booleans rather than their 4-byte
   * floats (for this model's first dropout, 128 x 147 x 147 x 32 values). Same values either way.
   */
  private static Operand<TFloat32> toFloat(Ops tf, Operand<TBool> kept) {
    OperationBuilder cast =
        tf.scope()
            .opBuilder("Cast", "Cast")
            .addInput(kept.asOutput())
            .setAttr("DstT", DataType.DT_FLOAT)
            .setAttr(RECOMPUTE_HINT, 0L);
    return cast.build().<TFloat32>output(0);
  }
}
