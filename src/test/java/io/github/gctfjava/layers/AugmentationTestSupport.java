package io.github.gctfjava.layers;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Runs image layers on small NHWC fixtures fed through a placeholder with an unknown batch size.
 */
final class AugmentationTestSupport {
  private AugmentationTestSupport() {}

  /** A graph computation of images {@code x} and the int64 batch counter. */
  interface ImageGraph {
    Operand<TFloat32> build(Ops tf, Operand<TFloat32> x, Operand<TInt64> counter);
  }

  /** The output values of {@code graph} on {@code images} of {@code shape} (NHWC). */
  static float[] run(ImageGraph graph, Shape shape, float[] images, long counter) {
    try (Graph g = new Graph();
        Session session = new Session(g);
        TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(images));
        TInt64 c = TInt64.scalarOf(counter)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> input =
          tf.placeholder(
              TFloat32.class,
              Placeholder.shape(Shape.of(-1, shape.size(1), shape.size(2), shape.size(3))));
      Placeholder<TInt64> step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> output = graph.build(tf, input, step);
      try (Result r = session.runner().feed(input, x).feed(step, c).fetch(output).run()) {
        return toArray((TFloat32) r.get(0));
      }
    }
  }

  /** The values of a graph computation that needs no inputs. */
  static float[] eval(java.util.function.Function<Ops, Operand<TFloat32>> graph) {
    try (Graph g = new Graph();
        Session session = new Session(g)) {
      Operand<TFloat32> output = graph.apply(Ops.create(g));
      try (Result r = session.runner().fetch(output).run()) {
        return toArray((TFloat32) r.get(0));
      }
    }
  }

  /** A layer applied in training mode with run seed 42. */
  static float[] train(Layer layer, Shape shape, float[] images, long counter) {
    return run(
        (tf, x, c) -> layer.apply(tf, x, CallContext.training(42L, c)), shape, images, counter);
  }

  static float[] toArray(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(values);
    return values;
  }

  /** {@code 0, 1, ..., n-1}: every pixel distinct, so any misplaced pixel shows. */
  static float[] iota(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return values;
  }

  /** {@code copies} copies of one image, as a batch. */
  static float[] repeat(float[] image, int copies) {
    float[] batch = new float[image.length * copies];
    for (int i = 0; i < copies; i++) {
      System.arraycopy(image, 0, batch, i * image.length, image.length);
    }
    return batch;
  }

  /** Image {@code i} of a batch of images with {@code size} values each. */
  static float[] image(float[] batch, int i, int size) {
    return java.util.Arrays.copyOfRange(batch, i * size, (i + 1) * size);
  }
}
