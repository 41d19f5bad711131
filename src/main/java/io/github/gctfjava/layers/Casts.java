package io.github.gctfjava.layers;

import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * The casts of a mixed-precision layer's input to its compute dtype. Layers hand each other float32
 * tensors, but under {@code mixed_bfloat16} a layer's float32 output is its bfloat16 result cast
 * up, and casting that back down gives the bfloat16 result again, bit for bit. So the cast down
 * takes the bfloat16 tensor itself: the next layer computes on it directly, as in Keras, where the
 * layers of a mixed policy pass bfloat16 tensors to each other, and the pair of casts (and their
 * gradients' casts) of a full-size activation leave the graph.
 */
final class Casts {
  private Casts() {}

  /**
   * {@code x} as {@code type}: x itself for float32, the tensor it was cast up from, else a cast.
   */
  static <T extends TFloating> Operand<T> to(Ops tf, Operand<TFloat32> x, Class<T> type) {
    if (type == TFloat32.class) {
      return x.asOutput().expect(type);
    }
    if (x.op() instanceof GraphOperation op && op.type().equals("Cast")) {
      Output<?> source = op.input(0);
      if (source.type() == type) {
        // Cast up from type to float32 is exact, so this is the value the cast down would give.
        return source.expect(type);
      }
    }
    return tf.dtypes.cast(x, type);
  }

  /** A layer's result handed on as float32: itself when it is, else cast up. */
  static Operand<TFloat32> toFloat32(Ops tf, Operand<? extends TFloating> x) {
    return x.type() == TFloat32.class
        ? x.asOutput().expect(TFloat32.class)
        : tf.dtypes.cast(x, TFloat32.class);
  }
}
