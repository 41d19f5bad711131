package io.github.gctfjava.benchmarks;

import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.training.Sequential;
import org.tensorflow.ndarray.Shape;

/**
 * The floating-point work of one example through a model, counted from its layers.
 *
 * <p>A training step runs every layer forward, then backward: the gradient with respect to a
 * layer's weights costs as much as its forward pass, and so does the gradient with respect to its
 * input, which is needed only where an earlier layer has weights to train (never for the first
 * convolution on the images).
 *
 * @param forward FLOPs of one example's forward pass (inference)
 * @param training FLOPs of one example's training step: forward and both gradients
 */
public record FlopCount(long forward, long training) {

  public static FlopCount of(Sequential model) {
    Shape shape = model.batchInputShape();
    long forward = 0;
    long training = 0;
    boolean weightsBefore = false;
    for (Layer layer : model.layers()) {
      long flops = layer.forwardFlops(shape);
      forward += flops;
      training += (weightsBefore ? 3 : 2) * flops;
      weightsBefore |= layer.countParams(shape) > 0;
      shape = layer.computeOutputShape(shape);
    }
    return new FlopCount(forward, training);
  }
}
