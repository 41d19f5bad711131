package io.github.gctfjava.layers;

import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Keras's {@code Dropout}: in training, keeps each input independently with probability {@code 1 -
 * rate} and scales the kept ones by {@code 1 / (1 - rate)} (tf.nn.dropout's inverted dropout, so
 * inference needs no rescaling), zeroing the others; at inference, and for {@code rate = 0}, the
 * identity.
 *
 * <p>The mask is drawn by TF's stateless random ops keyed by {@link CallContext#statelessSeed}, so
 * the same seed and counter give the same mask in any run.
 */
public class Dropout extends Layer {
  /**
   * Grappler's memory optimizer (in its MANUAL mode, which {@code Model}'s sessions use) computes
   * an op with this attribute again for the gradient ops that read it, instead of keeping its
   * output from the forward pass to the backward one.
   */
  static final String RECOMPUTE_HINT = "_recompute_hint";

  /** Where the keep mask's randomness comes from. */
  public enum Mask {
    /**
     * tf.nn.dropout's: one float32 uniform draw in [0, 1) per unit, a multiple of 2^-23, kept where
     * it is {@code >= (float) rate}: keep probability {@code 1 - ceil((float) rate * 2^23) / 2^23}.
     */
    UNIFORM,
    /**
     * Random bits compared with a threshold: 8 bits per unit (four units from each 32-bit draw)
     * when {@code rate} is a multiple of 1/256, as 0.5 is, making the keep probability exactly
     * {@code 1 - rate}; otherwise 32 bits per unit, with keep probability {@code 1 - floor(rate *
     * 2^32) / 2^32}, which exceeds {@code 1 - rate} by less than 2^-32 (finer than a float32
     * uniform draw's 2^-23).
     */
    BITS
  }

  private final double rate;
  private final Mask mask;

  /**
   * @param rate the fraction of the inputs to drop, in [0, 1)
   */
  public Dropout(double rate) {
    this(rate, Mask.BITS);
  }

  /**
   * @param rate the fraction of the inputs to drop, in [0, 1)
   * @param mask how the keep mask is drawn; {@link Mask#BITS}, the default, draws fewer random bits
   */
  public Dropout(double rate, Mask mask) {
    super(null);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1), got " + rate);
    }
    if (mask == null) {
      throw new IllegalArgumentException("mask must be UNIFORM or BITS, got null");
    }
    this.rate = rate;
    this.mask = mask;
  }

  @Override
  public String baseName() {
    return "dropout";
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /**
   * Random bits per unit of a {@link Mask#BITS} mask: 8 where they make 1 - rate exact, else 32.
   */
  int bitsPerUnit() {
    double t = Math.scalb(rate, 8);
    return t == Math.rint(t) ? 8 : 32;
  }

  /** A unit's probability of being kept, as the mask draws it. */
  double keepProbability() {
    if (mask == Mask.UNIFORM) {
      // A float32 uniform draw is a multiple of 2^-23, compared with the float32 rate.
      return 1 - Math.ceil(Math.scalb((double) (float) rate, 23)) / 0x1p23;
    }
    return 1 - threshold() / Math.scalb(1.0, bitsPerUnit());
  }

  /** Keep where the unsigned k-bit draw is {@code >= floor(rate * 2^k)}. */
  private long threshold() {
    return (long) Math.floor(Math.scalb(rate, bitsPerUnit()));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> inputs, CallContext context) {
    if (!context.training() || rate == 0) {
      return inputs;
    }
    Operand<TInt64> seed = context.statelessSeed(tf, salt());
    Operand<TBool> keep =
        mask == Mask.UNIFORM ? uniformKeep(tf, inputs, seed) : bitsKeep(tf, inputs, seed);
    return tf.math.mul(
        tf.math.mul(inputs, tf.constant((float) (1 / (1 - rate)))), toFloat(tf, keep));
  }

  /**
   * The mask as floats, {@code Cast(keep)}, marked for recomputation: the gradient of the product
   * needs the mask, and the backward pass then keeps the 1-byte booleans rather than their 4-byte
   * floats. Same values either way.
   */
  private static Operand<TFloat32> toFloat(Ops tf, Operand<TBool> keep) {
    OperationBuilder cast =
        tf.scope()
            .opBuilder("Cast", "Cast")
            .addInput(keep.asOutput())
            .setAttr("DstT", DataType.DT_FLOAT)
            .setAttr(RECOMPUTE_HINT, 0L);
    return cast.build().<TFloat32>output(0);
  }

  private Operand<TBool> uniformKeep(Ops tf, Operand<TFloat32> inputs, Operand<TInt64> seed) {
    Operand<TFloat32> uniform =
        tf.random.statelessRandomUniform(tf.shape(inputs), seed, TFloat32.class);
    return tf.math.greaterEqual(uniform, tf.constant((float) rate));
  }

  private Operand<TBool> bitsKeep(Ops tf, Operand<TFloat32> inputs, Operand<TInt64> seed) {
    Operand<TInt64> shape = tf.shape(inputs, TInt64.class);
    long threshold = threshold();
    if (bitsPerUnit() == 32) {
      Operand<TInt32> bits = tf.random.statelessRandomUniformFullInt(shape, seed, TInt32.class);
      // The draw read as signed is uniform too: unsigned u >= t is signed (u - 2^31) >= t - 2^31.
      return tf.math.greaterEqual(bits, tf.constant((int) (threshold - (1L << 31))));
    }
    // Four units per int32 word: draw ceil(n / 4) words at run time (the batch may be -1), split
    // each into its four bytes, and cut the padding off the end.
    Operand<TInt64> n = tf.reduceProd(shape, tf.constant(0));
    Operand<TInt64> words = tf.math.floorDiv(tf.math.add(n, tf.constant(3L)), tf.constant(4L));
    Operand<TInt64> oneDim = tf.constant(new long[] {1});
    Operand<TInt32> drawn =
        tf.random.statelessRandomUniformFullInt(tf.reshape(words, oneDim), seed, TInt32.class);
    Operand<TUint8> bytes =
        tf.reshape(tf.bitcast(drawn, TUint8.class), tf.constant(new long[] {-1}));
    Operand<TUint8> units = tf.slice(bytes, tf.constant(new long[] {0}), tf.reshape(n, oneDim));
    return tf.math.greaterEqual(tf.reshape(units, shape), tf.constant((byte) threshold));
  }
}
