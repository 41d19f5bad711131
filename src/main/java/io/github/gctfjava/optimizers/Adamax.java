package io.github.gctfjava.optimizers;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code tf.keras.optimizers.Adamax} (Keras 2.x): slots {@code m} and {@code v} (the exponentially
 * weighted infinity norm) from zero, {@code ApplyAdaMax} with {@code beta_1_power =
 * beta_1^(iterations + 1)}.
 *
 * <p>The framework's {@code Adamax} has Keras's kernel and defaults, but updates its {@code
 * beta1_power} variable with no order against the updates that read it (as its Adam does).
 */
public class Adamax extends KerasOptimizer {
  public static final float LEARNING_RATE_DEFAULT = 0.001f;
  public static final float BETA_1_DEFAULT = 0.9f;
  public static final float BETA_2_DEFAULT = 0.999f;
  public static final float EPSILON_DEFAULT = 1e-7f;

  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  /** Keras's {@code Adamax(learning_rate=...)}, every other argument at its Keras default. */
  public Adamax(Graph graph, float learningRate) {
    this(graph, "Adamax", learningRate, BETA_1_DEFAULT, BETA_2_DEFAULT, EPSILON_DEFAULT);
  }

  /** Keras's {@code Adamax(learning_rate, beta_1, beta_2, epsilon, name=...)}. */
  public Adamax(
      Graph graph, String name, float learningRate, float beta1, float beta2, float epsilon) {
    super(graph, name);
    this.learningRate =
        check("learningRate", learningRate, learningRate >= 0 && learningRate < INF, ">= 0");
    this.beta1 = check("beta_1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)");
    this.beta2 = check("beta_2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)");
    this.epsilon = check("epsilon", epsilon, epsilon > 0 && epsilon < INF, "> 0");
  }

  @Override
  protected <T extends TType> void createSlots(Output<T> variable) {
    createSlot(variable, Adam.M, 0f);
    createSlot(variable, Adam.V, 0f);
  }

  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    Operand<T> beta1T = constant(tf, beta1, gradient);
    return tf.train.applyAdaMax(
        variable,
        slot(variable, Adam.M),
        slot(variable, Adam.V),
        tf.math.pow(beta1T, localStep(tf, gradient.type())),
        constant(tf, learningRate, gradient),
        beta1T,
        constant(tf, beta2, gradient),
        constant(tf, epsilon, gradient),
        gradient);
  }
}
