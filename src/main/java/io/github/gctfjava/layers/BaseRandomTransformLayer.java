package io.github.gctfjava.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What {@link RandomRotation} and {@link RandomZoom} share: a random projective transform per
 * image, applied by {@link ImageTransform#transform} with Keras's {@code fill_mode}, {@code
 * interpolation} and {@code fill_value}.
 */
abstract class BaseRandomTransformLayer extends BaseImageAugmentationLayer
    implements ProjectiveTransformLayer {
  private final String fillMode;
  private final String interpolation;
  private final float fillValue;

  /**
   * @param fillMode "reflect", "wrap", "constant" or "nearest"
   * @param interpolation "bilinear" or "nearest"
   * @param fillValue the value outside the image when {@code fillMode} is "constant"
   */
  BaseRandomTransformLayer(Long seed, String fillMode, String interpolation, double fillValue) {
    super(seed);
    ImageTransform.checkFillModeAndInterpolation(fillMode, interpolation);
    this.fillMode = fillMode;
    this.interpolation = interpolation;
    this.fillValue = (float) fillValue;
  }

  @Override
  final Operand<TFloat32> augment(Ops tf, Operand<TFloat32> images, CallContext context) {
    return resample(tf, images, transforms(tf, images, context));
  }

  /**
   * Whether {@code other} fills and interpolates as this layer does, so both can share a
   * resampling.
   */
  final boolean fillsLike(BaseRandomTransformLayer other) {
    return fillMode.equals(other.fillMode)
        && interpolation.equals(other.interpolation)
        && fillValue == other.fillValue;
  }

  /** Resamples the images with these transforms and this layer's fill and interpolation. */
  final Operand<TFloat32> resample(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transforms) {
    return ImageTransform.transform(tf, images, transforms, fillMode, fillValue, interpolation);
  }
}
