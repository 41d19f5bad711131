package io.github.gctfjava.optimizers;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * {@code tf.keras.optimizers.Adam} (Keras 2.x, {@code amsgrad=False}): slots {@code m} and {@code
 * v} from zero, {@code ApplyAdam} with {@code beta_power = beta^(iterations + 1)}.
 *
 * <p>The framework's {@code Adam} runs the same kernel but keeps {@code beta1_power} and {@code
 * beta2_power} as variables that its last ops multiply by beta with no order against the updates
 * that read them, so a step may use the next step's powers (its first step can move a weight by
 * 0.074 instead of lr = 0.1); its epsilon default is 1e-8 where Keras's is 1e-7.
 */
public class Adam extends KerasOptimizer {
  public static final float LEARNING_RATE_DEFAULT = 0.001f;
  public static final float BETA_1_DEFAULT = 0.9f;
  public static final float BETA_2_DEFAULT = 0.999f;
  public static final float EPSILON_DEFAULT = 1e-7f;
  static final String M = "m";
  static final String V = "v";

  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  /** Keras's {@code Adam(learning_rate=...)}, every other argument at its Keras default. */
  public Adam(Graph graph, float learningRate) {
    this(graph, "Adam", learningRate, BETA_1_DEFAULT, BETA_2_DEFAULT, EPSILON_DEFAULT);
  }

  /** Keras's {@code Adam(learning_rate, beta_1, beta_2, epsilon, name=...)}. */
  public Adam(
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
    createSlot(variable, M, 0f);
    createSlot(variable, V, 0f);
  }

  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    Variable<T> m = slot(variable, M);
    Variable<T> v = slot(variable, V);
    Operand<T> step = localStep(tf, gradient.type());
    Operand<T> beta1T = constant(tf, beta1, gradient);
    Operand<T> beta2T = constant(tf, beta2, gradient);
    return tf.train.applyAdam(
        variable,
        m,
        v,
        tf.math.pow(beta1T, step),
        tf.math.pow(beta2T, step),
        constant(tf, learningRate, gradient),
        beta1T,
        beta2T,
        constant(tf, epsilon, gradient),
        gradient);
  }
}
