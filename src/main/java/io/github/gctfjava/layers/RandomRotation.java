package io.github.gctfjava.layers;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code RandomRotation} (TF 2.5–2.8): during training, rotates each image about its centre
 * by its own angle, uniform in {@code [lower * 2π, upper * 2π)}; a positive angle turns the image
 * counter-clockwise. Pixels from outside the image are filled according to {@code fill_mode}.
 */
public class RandomRotation extends BaseRandomTransformLayer {
  private final double lower;
  private final double upper;

  /** Angles in {@code [-factor * 2π, factor * 2π)}, reflect fill, bilinear interpolation. */
  public RandomRotation(double factor) {
    this(new double[] {factor}, "reflect", "bilinear", null, 0.0);
  }

  /**
   * @param factor fractions of 2π: {@code {f}} for {@code (-f, f)}, or {@code {lower, upper}}
   * @param fillMode "reflect", "wrap", "constant" or "nearest"
   * @param interpolation "bilinear" or "nearest"
   * @param seed Keras's layer seed, or null
   * @param fillValue the value outside the image when {@code fillMode} is "constant"
   */
  public RandomRotation(
      double[] factor, String fillMode, String interpolation, Long seed, double fillValue) {
    super(seed, fillMode, interpolation, fillValue);
    double[] bounds = bounds("factor", factor);
    if (bounds[1] < bounds[0]) {
      throw new IllegalArgumentException(
          "`factor` cannot have upper bound less than lower bound, got " + Arrays.toString(factor));
    }
    this.lower = bounds[0];
    this.upper = bounds[1];
  }

  @Override
  public String baseName() {
    return "random_rotation";
  }

  @Override
  public Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, CallContext context) {
    Operand<TFloat32> angles = sampleAngles(tf, context, batchShape(tf, images));
    return ImageTransform.rotationMatrix(
        tf, angles, ImageTransform.height(tf, images), ImageTransform.width(tf, images));
  }

  /** One angle in radians per image: float32 {@code [N]} for {@code batchShape = [N]}. */
  Operand<TFloat32> sampleAngles(Ops tf, CallContext context, Operand<TInt32> batchShape) {
    return uniform(
        tf, context, 0, batchShape, (float) (lower * 2 * Math.PI), (float) (upper * 2 * Math.PI));
  }
}
