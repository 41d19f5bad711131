package io.github.gctfjava.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Consecutive flip, rotation and zoom layers applied as one resampling (a model's {@code
 * setFuseTransforms}): each layer draws its transforms as it would alone, the transforms are
 * multiplied, and the images are interpolated and filled once. A flip is an exact transform, so it
 * changes nothing but the cost; the rotation and zoom layers of a run must fill alike.
 */
public final class FusedTransforms {
  private FusedTransforms() {}

  /**
   * Where the fusable run that starts at {@code start} ends (exclusive); {@code start + 1} when
   * there is nothing to fuse. A run needs a rotation or zoom layer, whose fill the run uses.
   */
  public static int endOfRun(List<Layer> layers, int start) {
    BaseRandomTransformLayer fill = null;
    int end = start;
    while (end < layers.size() && layers.get(end) instanceof ProjectiveTransformLayer) {
      if (layers.get(end) instanceof BaseRandomTransformLayer transform) {
        if (fill != null && !fill.fillsLike(transform)) {
          break;
        }
        fill = fill == null ? transform : fill;
      }
      end++;
    }
    return fill != null && end - start > 1 ? end : start + 1;
  }

  /** The layers of a run from {@link #endOfRun}, applied as one resampling. */
  public static Operand<TFloat32> applyRun(
      Ops tf, Operand<TFloat32> images, List<Layer> run, CallContext context) {
    Operand<TFloat32> composed = null;
    BaseRandomTransformLayer fill = null;
    for (Layer layer : run) {
      Operand<TFloat32> transforms =
          ((ProjectiveTransformLayer) layer).transforms(tf, images, context);
      composed = composed == null ? transforms : ImageTransform.compose(tf, composed, transforms);
      if (fill == null && layer instanceof BaseRandomTransformLayer transform) {
        fill = transform;
      }
    }
    return fill.resample(tf, images, composed);
  }
}
