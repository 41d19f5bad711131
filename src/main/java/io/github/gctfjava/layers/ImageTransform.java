package io.github.gctfjava.layers;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Projective transforms of NHWC image batches: Keras's module-level {@code transform(...)} and the
 * {@code get_rotation_matrix} / {@code get_zoom_matrix} it is fed with
 * (keras/layers/preprocessing/image_preprocessing.py, TF 2.5–2.8).
 *
 * <p>A transform row {@code [a0, a1, a2, b0, b1, b2, c0, c1]} maps an <em>output</em> pixel {@code
 * (x, y)} (x = column, y = row) to the <em>input</em> point it samples, {@code ((a0 x + a1 y + a2)
 * / k, (b0 x + b1 y + b2) / k)} with {@code k = c0 x + c1 y + 1}.
 */
public final class ImageTransform {
  private static final Set<String> FILL_MODES = Set.of("reflect", "wrap", "constant", "nearest");
  private static final Set<String> INTERPOLATIONS = Set.of("nearest", "bilinear");

  private ImageTransform() {}

  /** Keras's {@code check_fill_mode_and_interpolation}, as an argument error. */
  static void checkFillModeAndInterpolation(String fillMode, String interpolation) {
    if (!FILL_MODES.contains(fillMode)) {
      throw new IllegalArgumentException(
          "Unknown fill_mode '"
              + fillMode
              + "': only reflect, wrap, constant and nearest are supported");
    }
    if (!INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(
          "Unknown interpolation '" + interpolation + "': only nearest and bilinear are supported");
    }
  }

  /**
   * Applies one transform per image, keeping the images' height and width (Keras's {@code
   * transform(images, transforms, fill_mode, fill_value, interpolation)}).
   *
   * @param transforms float32 {@code [N, 8]}, or {@code [1, 8]} for the whole batch
   * @param fillMode how points outside the input are filled: reflect {@code (d c b a | a b c d | d
   *     c b a)}, wrap {@code (a b c d | a b c d | a b c d)}, constant {@code (k k k k | a b c d | k
   *     k k k)} with {@code k = fillValue}, nearest {@code (a a a a | a b c d | d d d d)}
   * @param interpolation "bilinear" or "nearest"
   */
  public static Operand<TFloat32> transform(
      Ops tf,
      Operand<TFloat32> images,
      Operand<TFloat32> transforms,
      String fillMode,
      float fillValue,
      String interpolation) {
    checkFillModeAndInterpolation(fillMode, interpolation);
    return tf.image.imageProjectiveTransformV3(
        images,
        transforms,
        imageSize(tf, images),
        tf.constant(fillValue),
        interpolation.toUpperCase(Locale.ROOT),
        ImageProjectiveTransformV3.fillMode(fillMode.toUpperCase(Locale.ROOT)));
  }

  /**
   * One transform doing what {@code first} then {@code second} do (each float32 {@code [N, 8]}):
   * transforms map output points to input points, so applying {@code first} and then {@code second}
   * reads the input at {@code first(second(p))}, the product of their 3x3 matrices.
   */
  public static Operand<TFloat32> compose(
      Ops tf, Operand<TFloat32> first, Operand<TFloat32> second) {
    Operand<TFloat32> product =
        tf.train.batchMatMul(matrices(tf, first), matrices(tf, second), TFloat32.class);
    Operand<TFloat32> flat = tf.reshape(product, tf.constant(new long[] {-1, 9}));
    Operand<TFloat32> scale =
        tf.slice(flat, tf.constant(new int[] {0, 8}), tf.constant(new int[] {-1, 1}));
    return tf.math.div(
        tf.slice(flat, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 8})), scale);
  }

  /** {@code [N, 8]} transform rows as {@code [N, 3, 3]} matrices (the ninth entry is 1). */
  private static Operand<TFloat32> matrices(Ops tf, Operand<TFloat32> transforms) {
    Operand<TFloat32> ones =
        tf.onesLike(
            tf.slice(transforms, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 1})));
    return tf.reshape(
        tf.concat(List.of(transforms, ones), tf.constant(1)), tf.constant(new long[] {-1, 3, 3}));
  }

  /**
   * Keras's {@code get_rotation_matrix}: rotations by {@code angles} (radians, one per image) about
   * the image centre. In image coordinates (rows growing downwards) a positive angle turns the
   * picture counter-clockwise.
   *
   * @param angles float32 {@code [N]}
   * @param imageHeight float32 scalar
   * @param imageWidth float32 scalar
   * @return float32 {@code [N, 8]}
   */
  public static Operand<TFloat32> rotationMatrix(
      Ops tf,
      Operand<TFloat32> angles,
      Operand<TFloat32> imageHeight,
      Operand<TFloat32> imageWidth) {
    Operand<TFloat32> cos = tf.math.cos(angles);
    Operand<TFloat32> sin = tf.math.sin(angles);
    Operand<TFloat32> w1 = tf.math.sub(imageWidth, tf.constant(1f));
    Operand<TFloat32> h1 = tf.math.sub(imageHeight, tf.constant(1f));
    // Offsets that keep the centre ((w-1)/2, (h-1)/2) in place.
    Operand<TFloat32> xOffset =
        half(tf, tf.math.sub(w1, tf.math.sub(tf.math.mul(cos, w1), tf.math.mul(sin, h1))));
    Operand<TFloat32> yOffset =
        half(tf, tf.math.sub(h1, tf.math.add(tf.math.mul(sin, w1), tf.math.mul(cos, h1))));
    Operand<TFloat32> zeros = tf.zerosLike(angles);
    return rows(tf, List.of(cos, tf.math.neg(sin), xOffset, sin, cos, yOffset, zeros, zeros));
  }

  /**
   * Keras's {@code get_zoom_matrix}: scalings about the image centre; a zoom above 1 samples a
   * larger part of the input, i.e. zooms out.
   *
   * @param zooms float32 {@code [N, 2]}, each row {@code [zx, zy]} (width zoom, height zoom)
   * @param imageHeight float32 scalar
   * @param imageWidth float32 scalar
   * @return float32 {@code [N, 8]}
   */
  public static Operand<TFloat32> zoomMatrix(
      Ops tf,
      Operand<TFloat32> zooms,
      Operand<TFloat32> imageHeight,
      Operand<TFloat32> imageWidth) {
    List<? extends Operand<TFloat32>> zxy = tf.unstack(zooms, 2L, Unstack.axis(1L)).output();
    Operand<TFloat32> zx = zxy.get(0);
    Operand<TFloat32> zy = zxy.get(1);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> xOffset =
        tf.math.mul(half(tf, tf.math.sub(imageWidth, one)), tf.math.sub(one, zx));
    Operand<TFloat32> yOffset =
        tf.math.mul(half(tf, tf.math.sub(imageHeight, one)), tf.math.sub(one, zy));
    Operand<TFloat32> zeros = tf.zerosLike(zx);
    return rows(tf, List.of(zx, zeros, xOffset, zeros, zy, yOffset, zeros, zeros));
  }

  /** The images' height as a float32 scalar: a constant when the static shape knows it. */
  static Operand<TFloat32> height(Ops tf, Operand<TFloat32> images) {
    return dimension(tf, images, 1);
  }

  /** The images' width as a float32 scalar: a constant when the static shape knows it. */
  static Operand<TFloat32> width(Ops tf, Operand<TFloat32> images) {
    return dimension(tf, images, 2);
  }

  /** int32 {@code [height, width]}: static when known (Keras's get_static_value), else tf.shape. */
  private static Operand<TInt32> imageSize(Ops tf, Operand<TFloat32> images) {
    Shape shape = images.shape();
    if (isKnown(shape, 1) && isKnown(shape, 2)) {
      return tf.constant(new int[] {(int) shape.size(1), (int) shape.size(2)});
    }
    return tf.slice(tf.shape(images), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
  }

  private static Operand<TFloat32> dimension(Ops tf, Operand<TFloat32> images, int axis) {
    Shape shape = images.shape();
    if (isKnown(shape, axis)) {
      return tf.constant((float) shape.size(axis));
    }
    return tf.dtypes.cast(
        tf.gather(tf.shape(images), tf.constant(axis), tf.constant(0)), TFloat32.class);
  }

  private static boolean isKnown(Shape shape, int axis) {
    return !shape.isUnknown() && shape.numDimensions() == 4 && shape.size(axis) >= 0;
  }

  private static Operand<TFloat32> half(Ops tf, Operand<TFloat32> x) {
    return tf.math.div(x, tf.constant(2f));
  }

  /** Stacks eight {@code [N]} columns into {@code [N, 8]} transform rows. */
  private static Operand<TFloat32> rows(Ops tf, List<Operand<TFloat32>> columns) {
    return tf.stack(columns, Stack.axis(1L));
  }
}
