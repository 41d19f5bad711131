package io.github.gctfjava.layers;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/** Keras's {@code MaxPooling2D} with its defaults: strides = pool size, padding "valid", NHWC. */
public class MaxPooling2D extends Layer {
  private final int[] poolSize;

  /**
   * @param poolSize {@code {height, width}} of the window, which is also the stride
   */
  public MaxPooling2D(int[] poolSize) {
    super(null);
    if (poolSize.length != 2 || poolSize[0] <= 0 || poolSize[1] <= 0) {
      throw new IllegalArgumentException(
          "poolSize must be two positive ints, got " + Arrays.toString(poolSize));
    }
    this.poolSize = poolSize.clone();
  }

  /** A square window, as Keras's {@code MaxPooling2D(2)}. */
  public MaxPooling2D(int poolSize) {
    this(new int[] {poolSize, poolSize});
  }

  @Override
  public String baseName() {
    return "max_pooling2d";
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return Shape.of(
        inputShape.get(0),
        pooledLength(inputShape.get(1), poolSize[0]),
        pooledLength(inputShape.get(2), poolSize[1]),
        inputShape.get(3));
  }

  /** Keras's {@code conv_output_length} for "valid" padding and stride = window: n / window. */
  private static long pooledLength(long length, int window) {
    return length < 0 ? length : length / window;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> inputs, CallContext context) {
    // Under a mixed policy the window's maximum of the bfloat16 values, as Keras pools: the same
    // values as pooling them cast up, from a quarter of the bytes, and the next layer reads the
    // result without a cast (Casts). Under float32 both casts are the tensors themselves.
    return Casts.toFloat32(tf, maxPool(tf, Casts.to(tf, inputs, dtypePolicy().computeType())));
  }

  private <T extends TFloating> Operand<T> maxPool(Ops tf, Operand<T> inputs) {
    // TF Java's tf.nn.maxPool builds MaxPoolV2 (window as a tensor), which oneDNN does not take
    // over, so its gradient runs on Eigen. Keras's max_pool2d builds MaxPool (window as
    // attributes), which oneDNN runs forward and backward (the step trace is in
    // docs/performance.md).
    long[] window = {1, poolSize[0], poolSize[1], 1};
    return tf.scope()
        .opBuilder("MaxPool", "MaxPool")
        .addInput(inputs.asOutput())
        .setAttr("ksize", window)
        .setAttr("strides", window)
        .setAttr("padding", "VALID")
        .build()
        .output(0);
  }
}
