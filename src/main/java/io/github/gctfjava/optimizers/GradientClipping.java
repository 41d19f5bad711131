package io.github.gctfjava.optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Keras's gradient clipping, the optimizer arguments {@code clipvalue}, {@code clipnorm} and {@code
 * global_clipnorm} as {@link GradientTransformer}s, with {@code tf.clip_by_value}, {@code
 * tf.clip_by_norm} and {@code tf.clip_by_global_norm}'s formulas. Norms are computed in float32.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** {@code clipvalue}: each element clipped to {@code [-clipvalue, clipvalue]}. */
  public static GradientTransformer clipvalue(float clipvalue) {
    requirePositive("clipvalue", clipvalue);
    return (tf, gradsAndVars) -> map(gradsAndVars, gv -> clipByValue(tf, gv, clipvalue));
  }

  /** {@code clipnorm}: each gradient on its own, {@code g * clipnorm / max(||g||, clipnorm)}. */
  public static GradientTransformer clipnorm(float clipnorm) {
    requirePositive("clipnorm", clipnorm);
    return (tf, gradsAndVars) -> map(gradsAndVars, gv -> clipByNorm(tf, gv, clipnorm));
  }

  /**
   * {@code global_clipnorm}: every gradient scaled by {@code clipnorm / max(global_norm,
   * clipnorm)}, the global norm being that of all gradients concatenated (NaN when it is not
   * finite, as {@code tf.clip_by_global_norm}).
   */
  public static GradientTransformer globalClipnorm(float clipnorm) {
    requirePositive("global_clipnorm", clipnorm);
    return (tf, gradsAndVars) -> {
      Operand<TFloat32> sumOfSquares = tf.constant(0f);
      for (GradAndVar<?> gv : gradsAndVars) {
        sumOfSquares = tf.math.add(sumOfSquares, sumOfSquares(tf, gv.getGradient()));
      }
      Operand<TFloat32> globalNorm = tf.math.sqrt(sumOfSquares);
      Operand<TFloat32> clip = tf.constant(clipnorm);
      Operand<TFloat32> finiteScale =
          tf.math.mul(
              clip, tf.math.minimum(tf.math.reciprocal(globalNorm), tf.math.reciprocal(clip)));
      Operand<TFloat32> scale =
          tf.select(tf.math.isFinite(globalNorm), finiteScale, tf.constant(Float.NaN));
      return map(gradsAndVars, gv -> scaled(tf, gv, scale));
    };
  }

  private static <T extends TType> GradAndVar<T> clipByValue(
      Ops tf, GradAndVar<T> gv, float clipvalue) {
    Operand<T> g = gv.getGradient();
    Operand<T> clipped = tf.clipByValue(g, like(tf, -clipvalue, g), like(tf, clipvalue, g));
    return new GradAndVar<>(clipped.asOutput(), gv.getVariable());
  }

  private static <T extends TType> GradAndVar<T> clipByNorm(
      Ops tf, GradAndVar<T> gv, float clipnorm) {
    Operand<T> g = gv.getGradient();
    Operand<TFloat32> norm = tf.math.sqrt(sumOfSquares(tf, g));
    Operand<TFloat32> denominator = tf.math.maximum(norm, tf.constant(clipnorm));
    Operand<T> clipped =
        tf.math.div(tf.math.mul(g, like(tf, clipnorm, g)), tf.dtypes.cast(denominator, g.type()));
    return new GradAndVar<>(clipped.asOutput(), gv.getVariable());
  }

  private static <T extends TType> GradAndVar<T> scaled(
      Ops tf, GradAndVar<T> gv, Operand<TFloat32> scale) {
    Operand<T> g = gv.getGradient();
    return new GradAndVar<>(
        tf.math.mul(g, tf.dtypes.cast(scale, g.type())).asOutput(), gv.getVariable());
  }

  private static Operand<TFloat32> sumOfSquares(Ops tf, Operand<? extends TType> gradient) {
    Operand<TFloat32> g =
        tf.reshape(tf.dtypes.cast(gradient, TFloat32.class), tf.constant(new long[] {-1}));
    return tf.reduceSum(tf.math.mul(g, g), tf.constant(0));
  }

  private static <T extends TType> Operand<T> like(Ops tf, float value, Operand<T> like) {
    return tf.dtypes.cast(tf.constant(value), like.type());
  }

  private static List<GradAndVar<?>> map(
      List<GradAndVar<?>> gradsAndVars, Function<GradAndVar<?>, GradAndVar<?>> f) {
    List<GradAndVar<?>> out = new ArrayList<>(gradsAndVars.size());
    gradsAndVars.forEach(gv -> out.add(f.apply(gv)));
    return out;
  }

  private static void requirePositive(String argument, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(argument + " must be > 0, got " + value);
    }
  }
}
