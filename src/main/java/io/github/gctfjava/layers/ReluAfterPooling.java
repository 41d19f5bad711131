package io.github.gctfjava.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A relu layer's activation applied after the {@code Dropout} and {@code MaxPooling2D} layers that
 * follow it, in training (a model's {@code setReluAfterPooling}). Relu is monotonic, so it commutes
 * with a window's maximum, and it commutes with dropout's product by a non-negative mask and scale:
 * {@code pool(dropout(relu(z))) = relu(pool(dropout(z)))}, value for value. The gradients agree
 * too: where a window's maximum is positive both route it to the same element, and where it is not
 * both give zero. The step then computes relu and its gradient on the pooled tensor, a quarter of
 * the convolution's output.
 */
public final class ReluAfterPooling {
  private ReluAfterPooling() {}

  /**
   * Where the run that starts at {@code start} ends (exclusive): a relu {@code Conv2D} or {@code
   * Dense}, any {@code Dropout} layers, then a {@code MaxPooling2D}; {@code start + 1} when there
   * is none.
   */
  public static int endOfRun(List<Layer> layers, int start) {
    if (!(layers.get(start) instanceof KernelLayer kernel && kernel.reluActivated())) {
      return start + 1;
    }
    int end = start + 1;
    while (end < layers.size() && layers.get(end) instanceof Dropout) {
      end++;
    }
    return end < layers.size() && layers.get(end) instanceof MaxPooling2D ? end + 1 : start + 1;
  }

  /** The layers of a run from {@link #endOfRun}, with the first's relu applied last. */
  public static Operand<TFloat32> applyRun(
      Ops tf, Operand<TFloat32> inputs, List<Layer> run, CallContext context) {
    KernelLayer kernel = (KernelLayer) run.get(0);
    kernel.maybeBuild(tf, inputs.shape(), context.seed());
    Operand<TFloat32> x = kernel.preActivation(tf, inputs);
    for (Layer layer : run.subList(1, run.size())) {
      x = layer.apply(tf, x, context);
    }
    return kernel.activateLater(tf, x, context);
  }
}
