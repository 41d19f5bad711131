package io.github.gctfjava.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.activations.Activation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TNumber;

/**
 * What Keras's {@code Conv2D} and {@code Dense} share: {@code activation(op(x, kernel) + bias)}
 * with a {@code glorot_uniform} kernel and a zero bias of one value per output ({@code filters} or
 * {@code units}), trained in the order kernel, bias.
 */
abstract class KernelLayer extends Layer {
  private final int outputs;
  private final Activation activation;
  private final boolean relu;
  private Variable<TFloat32> kernel;
  private Variable<TFloat32> bias;

  /**
   * @param outputsName Keras's argument name for {@code outputs}, for the error message
   * @param activation a Keras activation name ("relu", "sigmoid", ...); null or "linear" for none
   */
  KernelLayer(String outputsName, int outputs, String activation) {
    super(null);
    if (outputs <= 0) {
      throw new IllegalArgumentException(outputsName + " must be positive, got " + outputs);
    }
    this.outputs = outputs;
    this.activation = Activations.get(activation);
    this.relu = "relu".equals(activation);
  }

  /** The kernel's shape for this input shape; throws for inputs the layer cannot take. */
  abstract Shape kernelShape(Shape inputShape);

  /** {@code op(inputs, kernel)} before bias and activation: the convolution or the matmul. */
  abstract <T extends TNumber> Operand<T> project(Ops tf, Operand<T> inputs, Operand<T> kernel);

  final int outputs() {
    return outputs;
  }

  @Override
  public long countParams(Shape inputShape) {
    return kernelShape(inputShape).size() + outputs;
  }

  /** Each output value is one dot product of {@code kernel size / outputs} terms. */
  @Override
  public long forwardFlops(Shape inputShape) {
    Shape output = computeOutputShape(inputShape);
    long outputsPerExample = 1;
    for (int axis = 1; axis < output.numDimensions(); axis++) {
      outputsPerExample *= output.get(axis);
    }
    return 2 * outputsPerExample * (kernelShape(inputShape).size() / outputs);
  }

  @Override
  public List<Variable<TFloat32>> trainableWeights() {
    return kernel == null ? List.of() : List.of(kernel, bias);
  }

  @Override
  protected void build(Ops tf, Shape inputShape, long seed) {
    Ops init = tf.withSubScope(name()).withInitScope();
    kernel =
        init.withName("kernel").variable(GlorotUniform.sample(init, kernelShape(inputShape), seed));
    bias =
        init.withName("bias")
            .variable(init.zeros(init.constant(Shape.of(outputs)), TFloat32.class));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> inputs, CallContext context) {
    return callIn(tf, inputs, dtypePolicy().computeType(), context);
  }

  private <T extends TFloating> Operand<TFloat32> callIn(
      Ops tf, Operand<TFloat32> inputs, Class<T> type, CallContext context) {
    return Casts.toFloat32(tf, activate(tf, linear(tf, inputs, type), context));
  }

  /** Whether the activation is relu, which {@link ReluAfterPooling} may move past a pooling. */
  final boolean reluActivated() {
    return relu;
  }

  /** {@code op(inputs, kernel) + bias}, the activation's input, as float32. */
  final Operand<TFloat32> preActivation(Ops tf, Operand<TFloat32> inputs) {
    return Casts.toFloat32(tf, linear(tf, inputs, dtypePolicy().computeType()));
  }

  /**
   * This layer's activation of {@code z} in the policy's compute dtype, as float32: of {@link
   * #preActivation}, or of what {@link ReluAfterPooling} made of it.
   */
  final Operand<TFloat32> activateLater(Ops tf, Operand<TFloat32> z, CallContext context) {
    return activateIn(tf, z, dtypePolicy().computeType(), context);
  }

  private <T extends TFloating> Operand<TFloat32> activateIn(
      Ops tf, Operand<TFloat32> z, Class<T> type, CallContext context) {
    return Casts.toFloat32(tf, activate(tf, Casts.to(tf, z, type), context));
  }

  /**
   * {@code op(inputs, kernel) + bias} in {@code type}. Under a mixed policy the float32 variables
   * are cast where they are read, as Keras's AutoCastVariable does, so their gradients come back
   * through the casts as float32; a mixed layer's float32 input that the layer before cast up is
   * read uncast ({@link Casts}). BiasAdd after the convolution or matmul lets oneDNN fuse the three
   * into one kernel.
   */
  private <T extends TFloating> Operand<T> linear(Ops tf, Operand<TFloat32> inputs, Class<T> type) {
    return tf.nn.biasAdd(
        project(tf, Casts.to(tf, inputs, type), Casts.to(tf, kernel, type)),
        Casts.to(tf, bias, type));
  }

  /**
   * The activation of z; a training step's relu is TrainingRelu, which spares the backward pass
   * this layer's pre-activation z.
   */
  private <T extends TFloating> Operand<T> activate(Ops tf, Operand<T> z, CallContext context) {
    return relu && context.training() ? TrainingRelu.apply(tf, z) : activation.call(tf, z);
  }
}
