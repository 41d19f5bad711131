package io.github.gctfjava.layers;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code RandomZoom} (TF 2.5–2.8): during training, scales each image about its centre by
 * its own zoom, uniform in {@code [1 + lower, 1 + upper)}. A zoom above 1 zooms out (the image
 * shrinks and the border is filled according to {@code fill_mode}), below 1 zooms in. Without a
 * width factor the width takes the height's zoom, keeping the aspect ratio.
 */
public class RandomZoom extends BaseRandomTransformLayer {
  private final double heightLower;
  private final double heightUpper;

  /** Null when the width follows the height. */
  private final double[] widthBounds;

  /**
   * Zooms in {@code [1 - heightFactor, 1 + heightFactor)} for both axes, reflect fill, bilinear.
   */
  public RandomZoom(double heightFactor) {
    this(new double[] {heightFactor}, null, "reflect", "bilinear", null, 0.0);
  }

  /**
   * @param heightFactor {@code {f}} for {@code (-f, f)}, or {@code {lower, upper}}; the vertical
   *     zoom is {@code 1 + value}
   * @param widthFactor the same for the horizontal zoom, or null to zoom both axes alike
   * @param fillMode "reflect", "wrap", "constant" or "nearest"
   * @param interpolation "bilinear" or "nearest"
   * @param seed Keras's layer seed, or null
   * @param fillValue the value outside the image when {@code fillMode} is "constant"
   */
  public RandomZoom(
      double[] heightFactor,
      double[] widthFactor,
      String fillMode,
      String interpolation,
      Long seed,
      double fillValue) {
    super(seed, fillMode, interpolation, fillValue);
    double[] height = bounds("height_factor", heightFactor);
    if (Math.abs(height[0]) > 1 || Math.abs(height[1]) > 1) {
      throw new IllegalArgumentException(
          "`height_factor` must have values between [-1, 1], got " + Arrays.toString(heightFactor));
    }
    if (widthFactor != null) {
      widthBounds = bounds("width_factor", widthFactor);
      if (widthBounds[0] < -1 || widthBounds[1] < -1) {
        throw new IllegalArgumentException(
            "`width_factor` must have values larger than -1, got " + Arrays.toString(widthFactor));
      }
    } else {
      widthBounds = null;
    }
    this.heightLower = height[0];
    this.heightUpper = height[1];
  }

  @Override
  public String baseName() {
    return "random_zoom";
  }

  @Override
  public Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, CallContext context) {
    Operand<TFloat32> zooms = sampleZooms(tf, context, batchShape(tf, images));
    return ImageTransform.zoomMatrix(
        tf, zooms, ImageTransform.height(tf, images), ImageTransform.width(tf, images));
  }

  /** One {@code [zx, zy]} (width zoom, height zoom) per image: float32 {@code [N, 2]}. */
  Operand<TFloat32> sampleZooms(Ops tf, CallContext context, Operand<TInt32> batchShape) {
    Operand<TFloat32> heightZoom =
        uniform(tf, context, 0, batchShape, (float) (1 + heightLower), (float) (1 + heightUpper));
    Operand<TFloat32> widthZoom =
        widthBounds == null
            ? heightZoom
            : uniform(
                tf,
                context,
                1,
                batchShape,
                (float) (1 + widthBounds[0]),
                (float) (1 + widthBounds[1]));
    return tf.stack(List.of(widthZoom, heightZoom), Stack.axis(1L));
  }
}
