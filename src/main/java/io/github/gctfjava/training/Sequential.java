package io.github.gctfjava.training;

import io.github.gctfjava.layers.CallContext;
import io.github.gctfjava.layers.FusedTransforms;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.layers.ReluAfterPooling;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Sequential}: a plain stack of layers, each feeding the next.
 *
 * <p>Unnamed layers are numbered per class in order, as Keras numbers them in a fresh session:
 * {@code conv2d}, {@code conv2d_1}, ... The input shape (without the batch dimension) is Keras's
 * {@code input_shape=} of the first layer; it is needed for {@link #summary()} and may be omitted
 * for a stack of weightless layers such as the augmentation pipeline. As a {@link Model} it can be
 * compiled and fitted; as a {@link Layer} it can be called inside another graph (the augmentation
 * inside the tf.data map).
 */
public class Sequential extends Model {
  private final Shape inputShape;
  private final List<Layer> layers;
  private boolean fuseTransforms;
  private boolean reluAfterPooling = true;

  /**
   * @param name the model's name, as {@code Model: "..."} in the summary
   * @param inputShape the shape of one example, e.g. {@code Shape.of(300, 300, 3)}, or null
   */
  public Sequential(String name, Shape inputShape, List<? extends Layer> layers) {
    super(name);
    this.inputShape = inputShape;
    this.layers = List.copyOf(layers);
    nameInOrder(this.layers);
  }

  /** A stack named {@code sequential} whose input shape is given by the first layer's input. */
  public Sequential(Shape inputShape, Layer... layers) {
    this("sequential", inputShape, List.of(layers));
  }

  /** A stack without an input shape (weightless layers, e.g. augmentation). */
  public Sequential(Layer... layers) {
    this("sequential", null, List.of(layers));
  }

  @Override
  public String baseName() {
    return "sequential";
  }

  public List<Layer> layers() {
    return layers;
  }

  /** The batched input shape, {@code (-1, ...)}; throws when the model was given none. */
  @Override
  public Shape batchInputShape() {
    if (inputShape == null) {
      throw new IllegalStateException("model '" + name() + "' has no input shape");
    }
    return inputShape.prepend(-1);
  }

  /**
   * Creates every layer's weights in {@code tf}'s graph (Keras builds when input_shape is known).
   */
  @Override
  public void build(Ops tf, long seed) {
    Shape shape = batchInputShape();
    for (Layer layer : layers) {
      layer.maybeBuild(tf, shape, seed);
      shape = layer.computeOutputShape(shape);
    }
  }

  /**
   * Whether consecutive random transform layers ({@code RandomFlip}, {@code RandomRotation}, {@code
   * RandomZoom}) share one resampling in training (see {@link FusedTransforms}): their transforms
   * are drawn as Keras draws them and composed, so each image is interpolated and filled once
   * instead of once per layer. Off by default, as in Keras; it makes the example's augmentation
   * much cheaper (docs/performance.md), and differs from Keras's result only in interpolation blur
   * and in what the reflected borders show.
   */
  public Sequential setFuseTransforms(boolean fuse) {
    this.fuseTransforms = fuse;
    return this;
  }

  /**
   * Whether a training step applies a relu layer's activation after the {@code Dropout} and {@code
   * MaxPooling2D} layers that follow it (see {@link ReluAfterPooling}): the same values and
   * gradients as Keras's order, with relu and its gradient on the pooled tensor. On by default; off
   * gives Keras's graph, to measure against.
   */
  public Sequential setReluAfterPooling(boolean after) {
    this.reluAfterPooling = after;
    return this;
  }

  /** Applies every layer in turn (Keras's {@code model(inputs, training=...)}). */
  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> inputs, CallContext context) {
    Operand<TFloat32> x = inputs;
    for (int i = 0; i < layers.size(); ) {
      int fused = fuseTransforms && context.training() ? FusedTransforms.endOfRun(layers, i) : i;
      int pooled =
          reluAfterPooling && context.training() ? ReluAfterPooling.endOfRun(layers, i) : i;
      if (fused > i + 1) {
        x = FusedTransforms.applyRun(tf, x, layers.subList(i, fused), context);
        i = fused;
      } else if (pooled > i + 1) {
        x = ReluAfterPooling.applyRun(tf, x, layers.subList(i, pooled), context);
        i = pooled;
      } else {
        x = layers.get(i).apply(tf, x, context);
        i++;
      }
    }
    return x;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    Shape shape = inputShape;
    for (Layer layer : layers) {
      shape = layer.computeOutputShape(shape);
    }
    return shape;
  }

  /** All trainable variables, layer by layer (empty until the first call builds them). */
  @Override
  public List<Variable<TFloat32>> trainableWeights() {
    return layers.stream().flatMap(l -> l.trainableWeights().stream()).collect(Collectors.toList());
  }

  /** Output shape of every layer, in order. */
  public List<Shape> outputShapes() {
    List<Shape> shapes = new ArrayList<>();
    Shape shape = batchInputShape();
    for (Layer layer : layers) {
      shape = layer.computeOutputShape(shape);
      shapes.add(shape);
    }
    return shapes;
  }

  /** Keras's {@code count_params()}: the number of weights of all layers. */
  public long countParams() {
    return countParams(batchInputShape());
  }

  @Override
  public long countParams(Shape inputShape) {
    long total = 0;
    Shape shape = inputShape;
    for (Layer layer : layers) {
      total += layer.countParams(shape);
      shape = layer.computeOutputShape(shape);
    }
    return total;
  }

  /** Keras's {@code summary()}, as TF 2.5's tf.keras prints it. */
  public String summary() {
    return ModelSummary.of(this);
  }
}
