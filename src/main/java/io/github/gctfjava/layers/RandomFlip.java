package io.github.gctfjava.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code RandomFlip}: during training, flips each image left-right and/or up-down, each
 * with probability 1/2 and independently per image (Keras applies {@code random_flip_left_right},
 * then {@code random_flip_up_down}, to the batch).
 */
public class RandomFlip extends BaseImageAugmentationLayer implements ProjectiveTransformLayer {
  public static final String HORIZONTAL = "horizontal";
  public static final String VERTICAL = "vertical";
  public static final String HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical";

  private static final int HEIGHT_AXIS = 1;
  private static final int WIDTH_AXIS = 2;

  private final boolean horizontal;
  private final boolean vertical;

  /** Flips both ways (Keras's default mode). */
  public RandomFlip() {
    this(HORIZONTAL_AND_VERTICAL);
  }

  public RandomFlip(String mode) {
    this(mode, null);
  }

  /**
   * @param mode "horizontal" (left-right), "vertical" (up-down) or "horizontal_and_vertical"
   * @param seed Keras's layer seed, or null
   */
  public RandomFlip(String mode, Long seed) {
    super(seed);
    this.horizontal = HORIZONTAL.equals(mode) || HORIZONTAL_AND_VERTICAL.equals(mode);
    this.vertical = VERTICAL.equals(mode) || HORIZONTAL_AND_VERTICAL.equals(mode);
    if (!horizontal && !vertical) {
      throw new IllegalArgumentException(
          "RandomFlip received an unknown mode argument '"
              + mode
              + "': expected horizontal, vertical or horizontal_and_vertical");
    }
  }

  @Override
  public String baseName() {
    return "random_flip";
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> images, CallContext context) {
    Operand<TInt32> batchShape = batchShape(tf, images);
    Operand<TFloat32> flipped = images;
    if (horizontal) {
      flipped = flipSome(tf, flipped, uniform(tf, context, 0, batchShape, 0f, 1f), WIDTH_AXIS);
    }
    if (vertical) {
      flipped = flipSome(tf, flipped, uniform(tf, context, 1, batchShape, 0f, 1f), HEIGHT_AXIS);
    }
    return flipped;
  }

  /**
   * The same draws as a transform per image: {@code x -> (w - 1) - x} where flipped left-right,
   * {@code y -> (h - 1) - y} where flipped up-down, else the identity. It lands on whole pixels, so
   * resampling with it reproduces the flip exactly.
   */
  @Override
  public Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, CallContext context) {
    Operand<TInt32> batchShape = batchShape(tf, images);
    Operand<TFloat32> zeros = tf.zeros(batchShape, TFloat32.class);
    Operand<TFloat32> ones = tf.onesLike(zeros);
    Operand<TFloat32> flipX =
        horizontal ? flips(tf, uniform(tf, context, 0, batchShape, 0f, 1f)) : zeros;
    Operand<TFloat32> flipY =
        vertical ? flips(tf, uniform(tf, context, 1, batchShape, 0f, 1f)) : zeros;
    Operand<TFloat32> two = tf.constant(2f);
    return tf.stack(
        List.of(
            tf.math.sub(ones, tf.math.mul(two, flipX)),
            zeros,
            tf.math.mul(flipX, tf.math.sub(ImageTransform.width(tf, images), tf.constant(1f))),
            zeros,
            tf.math.sub(ones, tf.math.mul(two, flipY)),
            tf.math.mul(flipY, tf.math.sub(ImageTransform.height(tf, images), tf.constant(1f))),
            zeros,
            zeros),
        Stack.axis(1L));
  }

  /** 1 where a draw flips (above 0.5, as TF's {@code _random_flip}), else 0. */
  private static Operand<TFloat32> flips(Ops tf, Operand<TFloat32> draws) {
    return tf.dtypes.cast(tf.math.greater(draws, tf.constant(0.5f)), TFloat32.class);
  }

  /** Reverses {@code axis} of the images whose draw rounds to 1, as TF's {@code _random_flip}. */
  private static Operand<TFloat32> flipSome(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> draws, int axis) {
    // [N] -> [N, 1, 1, 1]: tf.select is SelectV2, which broadcasts from the last axis.
    Operand<TBool> flip =
        tf.reshape(tf.math.greater(draws, tf.constant(0.5f)), tf.constant(new int[] {-1, 1, 1, 1}));
    return tf.select(flip, tf.reverse(images, tf.constant(new int[] {axis})), images);
  }
}
