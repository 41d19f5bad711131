package io.github.gctfjava.optimizers;

import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * {@code tf.keras.optimizers.Nadam} (Keras 2.x): Adam with Nesterov momentum and Dozat's momentum
 * schedule {@code u_t = beta_1 (1 - 0.5 * 0.96^(0.004 t))}, whose running product {@code
 * m_schedule} is kept in the variable {@code momentum_cache}; slots {@code m} and {@code v} from
 * zero.
 *
 * <p>The framework's {@code Nadam} writes the step number into the graph as a constant when the
 * graph is built, so every step is computed as step 1 (its bias correction {@code 1 - beta_2^t}
 * stays {@code 1 - beta_2}); it also has epsilon 1e-8 (Keras: 1e-7) and an unused third slot.
 */
public class Nadam extends KerasOptimizer {
  public static final float LEARNING_RATE_DEFAULT = 0.001f;
  public static final float BETA_1_DEFAULT = 0.9f;
  public static final float BETA_2_DEFAULT = 0.999f;
  public static final float EPSILON_DEFAULT = 1e-7f;
  private static final float DECAY_BASE = 0.96f;

  /** Keras's {@code schedule_decay}. */
  private static final float SCHEDULE_DECAY = 0.004f;

  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private Variable<TFloat32> momentumCache;
  private Coefficients coefficients;

  /** What Keras's {@code _prepare_local} computes once per step. */
  private record Coefficients(
      Operand<TFloat32> mT,
      Operand<TFloat32> mT1,
      Operand<TFloat32> oneMinusMScheduleNew,
      Operand<TFloat32> oneMinusMScheduleNext,
      Operand<TFloat32> vTPrimeDenominator) {}

  /** Keras's {@code Nadam(learning_rate=...)}, every other argument at its Keras default. */
  public Nadam(Graph graph, float learningRate) {
    this(graph, "Nadam", learningRate, BETA_1_DEFAULT, BETA_2_DEFAULT, EPSILON_DEFAULT);
  }

  /** Keras's {@code Nadam(learning_rate, beta_1, beta_2, epsilon, name=...)}. */
  public Nadam(
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

  /** The step's schedule; the returned op stores {@code m_schedule_new} in the momentum cache. */
  @Override
  protected Optional<Op> prepare(String scopeName) {
    if (momentumCache == null) {
      momentumCache = createScalar("momentum_cache", 1f);
    }
    Ops tf = Ops.create(graph);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> beta1T = tf.constant(beta1);
    Operand<TFloat32> localStep = localStep(tf, TFloat32.class);
    Operand<TFloat32> nextStep = tf.math.add(localStep, one);
    Operand<TFloat32> mT = momentumFactor(tf, beta1T, localStep);
    Operand<TFloat32> mT1 = momentumFactor(tf, beta1T, nextStep);
    Operand<TFloat32> mScheduleNew = tf.math.mul(momentumCache, mT);
    Op store = tf.assign(momentumCache, mScheduleNew);
    Operand<TFloat32> mScheduleNext = tf.math.mul(mScheduleNew, mT1);
    coefficients =
        new Coefficients(
            mT,
            mT1,
            tf.math.sub(one, mScheduleNew),
            tf.math.sub(one, mScheduleNext),
            tf.math.sub(one, tf.math.pow(tf.constant(beta2), localStep)));
    return Optional.of(store);
  }

  /** {@code beta_1 * (1 - 0.5 * 0.96^(0.004 * step))}. */
  private static Operand<TFloat32> momentumFactor(
      Ops tf, Operand<TFloat32> beta1, Operand<TFloat32> step) {
    Operand<TFloat32> decay =
        tf.math.pow(tf.constant(DECAY_BASE), tf.math.mul(tf.constant(SCHEDULE_DECAY), step));
    return tf.math.mul(beta1, tf.math.sub(tf.constant(1f), tf.math.mul(tf.constant(0.5f), decay)));
  }

  /** Keras's {@code _resource_apply_dense}. */
  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    Class<T> type = gradient.type();
    Variable<T> m = slot(variable, Adam.M);
    Variable<T> v = slot(variable, Adam.V);
    Operand<T> gPrime =
        tf.math.div(gradient, tf.dtypes.cast(coefficients.oneMinusMScheduleNew(), type));
    Operand<T> mT = movingAverage(tf, m, beta1, gradient, gradient);
    Operand<T> mTPrime =
        tf.math.div(mT, tf.dtypes.cast(coefficients.oneMinusMScheduleNext(), type));
    Operand<T> vT = movingAverage(tf, v, beta2, tf.math.square(gradient), gradient);
    Operand<T> vTPrime = tf.math.div(vT, tf.dtypes.cast(coefficients.vTPrimeDenominator(), type));
    Operand<T> oneMinusMT = tf.dtypes.cast(tf.math.sub(tf.constant(1f), coefficients.mT()), type);
    Operand<T> mTBar =
        tf.math.add(
            tf.math.mul(oneMinusMT, gPrime),
            tf.math.mul(tf.dtypes.cast(coefficients.mT1(), type), mTPrime));
    Operand<T> step =
        tf.math.div(
            tf.math.mul(constant(tf, learningRate, gradient), mTBar),
            tf.math.add(tf.math.sqrt(vTPrime), constant(tf, epsilon, gradient)));
    return tf.assign(variable, tf.math.sub(variable, step));
  }

  /** Keras's moment update {@code slot = decay * slot + (1 - decay) * value}, assigned. */
  private static <T extends TType> Operand<T> movingAverage(
      Ops tf, Variable<T> slot, float decay, Operand<T> value, Output<T> like) {
    return tf.assign(
        slot,
        tf.math.add(
            tf.math.mul(constant(tf, decay, like), slot),
            tf.math.mul(constant(tf, 1f - decay, like), value)));
  }
}
