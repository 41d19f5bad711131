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
    Class<? extends TFloating> compute = dtypePolicy().computeType();
    if (compute != TFloat32.class) {
      return computeIn(tf, inputs, compute, context);
    }
    // BiasAdd after the convolution or matmul lets oneDNN fuse the three into one kernel.
    return activate(tf, tf.nn.biasAdd(project(tf, inputs, kernel), bias), context);
  }

  /**
   * The activation of z; a training step's relu is TrainingRelu, which spares the backward pass
   * this layer's pre-activation z.
   */
  private <T extends TFloating> Operand<T> activate(Ops tf, Operand<T> z, CallContext context) {
    return relu && context.training() ? TrainingRelu.apply(tf, z) : activation.call(tf, z);
  }

  /**
   * Keras's AutoCastVariable: the float32 variables are cast where they are read, so their
   * gradients come back through the casts as float32. The output returns to float32 for the layers
   * around, whose operands are float32; a mixed layer after this one reads the bfloat16 result
   * uncast ({@link Casts}).
   */
  private <T extends TFloating> Operand<TFloat32> computeIn(
      Ops tf, Operand<TFloat32> inputs, Class<T> type, CallContext context) {
    Operand<T> z =
        tf.nn.biasAdd(
            project(tf, Casts.to(tf, inputs, type), tf.dtypes.cast(kernel, type)),
            tf.dtypes.cast(bias, type));
    return tf.dtypes.cast(activate(tf, z, context), TFloat32.class);
  }
}
