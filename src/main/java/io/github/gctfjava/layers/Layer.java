package io.github.gctfjava.layers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A Keras layer over TensorFlow Java's Ops graph API.
 *
 * <p>Shapes include the batch dimension as {@code -1} (Keras prints it as {@code None}). A layer's
 * weights are created once, by {@link #build}, in the graph of the {@code Ops} it is given; calls
 * after that reuse them, so one layer can be called on several inputs of the same graph (the
 * training batch and an inference placeholder, say). Layers without weights can be called in any
 * graph, including a tf.data map function.
 */
public abstract class Layer {
  private String name;
  private long salt;
  private boolean built;
  private Policy dtypePolicy = Policy.FLOAT32;

  protected Layer(String name) {
    this.name = name;
  }

  /** The name Keras derives from the class name ({@code conv2d}, {@code max_pooling2d}, ...). */
  public abstract String baseName();

  /** This layer's name; a model numbers its unnamed layers as Keras does ({@link #nameInOrder}). */
  public final String name() {
    return name == null ? baseName() : name;
  }

  final boolean hasName() {
    return name != null;
  }

  final void assignName(String kerasName) {
    this.name = kerasName;
  }

  /** Keras's {@code dtype_policy}: the dtype this layer computes in; float32 unless set. */
  public final Policy dtypePolicy() {
    return dtypePolicy;
  }

  /**
   * Keras's {@code dtype=} argument of a layer, before the layer is built. Layers without a
   * convolution or matmul compute in float32 under any policy.
   */
  public final Layer setDtypePolicy(Policy policy) {
    if (built) {
      throw new IllegalStateException(
          "layer '" + name() + "' is built already; set its dtype policy before");
    }
    this.dtypePolicy = policy;
    return this;
  }

  /** Distinguishes this layer's random draws from those of the other layers of its model. */
  protected final long salt() {
    return salt;
  }

  final void assignSalt(long salt) {
    this.salt = salt;
  }

  /**
   * What a model does to the layers it stacks: numbers the unnamed ones per class in order, as
   * Keras numbers them in a fresh session ({@code conv2d}, {@code conv2d_1}, ...), and gives each
   * its index as the salt of its random draws.
   */
  protected static void nameInOrder(List<? extends Layer> layers) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      layer.assignSalt(i);
      if (!layer.hasName()) {
        int n = seen.merge(layer.baseName(), 1, Integer::sum) - 1;
        layer.assignName(n == 0 ? layer.baseName() : layer.baseName() + "_" + n);
      }
    }
  }

  /** The output shape for an input shape (both with the batch dimension, -1 for None). */
  public abstract Shape computeOutputShape(Shape inputShape);

  /**
   * How many weights {@link #build} creates for this input shape (Keras's {@code count_params}).
   */
  public long countParams(Shape inputShape) {
    return 0;
  }

  /**
   * Floating-point operations of one example's forward pass through this layer: 2 per multiply-add
   * of its convolution or matmul. Elementwise work (bias, activations, pooling, dropout) is left
   * out, as FLOP counts of CNNs usually leave it out; it is a few percent here.
   */
  public long forwardFlops(Shape inputShape) {
    return 0;
  }

  /** The variables to train, in Keras's order (kernel, then bias); empty before build. */
  public List<Variable<TFloat32>> trainableWeights() {
    return List.of();
  }

  /**
   * Creates this layer's weights in {@code tf}'s graph (Keras's {@code build}); called once.
   *
   * @param seed the seed for this layer's initializers, already distinct from other layers'
   */
  protected void build(Ops tf, Shape inputShape, long seed) {}

  /** Builds the weights once, from the model's seed and this layer's salt. */
  public final void maybeBuild(Ops tf, Shape inputShape, long modelSeed) {
    if (!built) {
      build(tf, inputShape, CallContext.mix(modelSeed ^ CallContext.mix(salt + 1)));
      built = true;
    }
  }

  /** Builds the weights if needed (seeded by the context's seed), then applies the layer. */
  public final Operand<TFloat32> apply(Ops tf, Operand<TFloat32> inputs, CallContext context) {
    maybeBuild(tf, inputs.shape(), context.seed());
    return call(tf, inputs, context);
  }

  /** The layer's computation (Keras's {@code call(inputs, training)}). */
  protected abstract Operand<TFloat32> call(Ops tf, Operand<TFloat32> inputs, CallContext context);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name() + ")";
  }
}
