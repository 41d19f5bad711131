package io.github.gctfjava.optimizers;

import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code tf.keras.optimizers.Adagrad} (Keras 2.x): slot {@code accumulator} from {@code
 * initial_accumulator_value} (0.1), {@code accumulator += g^2; var -= lr * g / (sqrt(accumulator) +
 * epsilon)} ({@code ApplyAdagradV2}).
 *
 * <p>The framework's {@code AdaGrad} is TF1's: its accumulator starts at 0.01 and its kernel
 * ({@code ApplyAdagrad}) has no epsilon.
 */
public class Adagrad extends KerasOptimizer {
  public static final float LEARNING_RATE_DEFAULT = 0.001f;
  public static final float INITIAL_ACCUMULATOR_VALUE_DEFAULT = 0.1f;
  public static final float EPSILON_DEFAULT = 1e-7f;
  static final String ACCUMULATOR = "accumulator";

  private final float learningRate;
  private final float initialAccumulatorValue;
  private final float epsilon;

  /** Keras's {@code Adagrad(learning_rate=...)}, every other argument at its Keras default. */
  public Adagrad(Graph graph, float learningRate) {
    this(graph, "Adagrad", learningRate, INITIAL_ACCUMULATOR_VALUE_DEFAULT, EPSILON_DEFAULT);
  }

  /** Keras's {@code Adagrad(learning_rate, initial_accumulator_value, epsilon, name=...)}. */
  public Adagrad(
      Graph graph, String name, float learningRate, float initialAccumulatorValue, float epsilon) {
    super(graph, name);
    this.learningRate =
        check("learningRate", learningRate, learningRate >= 0 && learningRate < INF, ">= 0");
    this.initialAccumulatorValue =
        check(
            "initial_accumulator_value",
            initialAccumulatorValue,
            initialAccumulatorValue >= 0 && initialAccumulatorValue < INF,
            ">= 0");
    this.epsilon = check("epsilon", epsilon, epsilon > 0 && epsilon < INF, "> 0");
  }

  @Override
  protected <T extends TType> void createSlots(Output<T> variable) {
    createSlot(variable, ACCUMULATOR, initialAccumulatorValue);
  }

  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    return tf.train.applyAdagradV2(
        variable,
        slot(variable, ACCUMULATOR),
        constant(tf, learningRate, gradient),
        constant(tf, epsilon, gradient),
        gradient);
  }
}
