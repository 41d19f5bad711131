package io.github.gctfjava.optimizers;

import static io.github.gctfjava.optimizers.KerasOptimizer.INF;
import static io.github.gctfjava.optimizers.KerasOptimizer.check;
import static io.github.gctfjava.optimizers.KerasOptimizer.checkName;
import static io.github.gctfjava.optimizers.KerasOptimizer.constant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.RMSProp;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * {@code tf.keras.optimizers.RMSprop} as of TF 2.5, on top of the framework's {@link RMSProp}.
 *
 * <p>The framework's RMSProp is TF1's: its {@code rms} slot starts at one and its kernel adds
 * epsilon (default 1e-10) inside the square root. Keras starts every slot at zero and, without
 * momentum, adds epsilon outside the square root; the first steps therefore differ a lot. This
 * class keeps the framework's slot bookkeeping and {@code applyGradients}, and replaces the slot
 * initial values and the update with Keras's.
 *
 * <p>Gradients go through {@link #getGradients}, as Keras's {@code get_gradients(loss, params)}, so
 * a subclass can change them in one place (see {@link GCRMSprop}).
 */
public class RMSprop extends RMSProp implements GradientsHook {
  // Keras's defaults; they hide the framework's TF1 ones (epsilon 1e-10 in particular).
  public static final float LEARNING_RATE_DEFAULT = 0.001f;
  public static final float RHO_DEFAULT = 0.9f;
  public static final float MOMENTUM_DEFAULT = 0.0f;
  public static final float EPSILON_DEFAULT = 1e-7f;

  private final String name;
  private final float learningRate;
  private final float rho;
  private final float momentum;
  private final float epsilon;
  private final boolean centered;

  private final ScopedSlots slots = new ScopedSlots();

  /** Keras's {@code RMSprop(learning_rate=...)}, every other argument at its Keras default. */
  public RMSprop(Graph graph, float learningRate) {
    this(graph, "RMSprop", learningRate, RHO_DEFAULT, MOMENTUM_DEFAULT, EPSILON_DEFAULT, false);
  }

  /**
   * Keras's {@code RMSprop(learning_rate, rho, momentum, epsilon, centered, name)}.
   *
   * @param name prefix of the ops this optimizer adds; two optimizers of one graph may share it
   *     (the graph makes op names unique), but distinct names keep the graph readable
   * @throws IllegalArgumentException naming the argument that is out of range
   */
  public RMSprop(
      Graph graph,
      String name,
      float learningRate,
      float rho,
      float momentum,
      float epsilon,
      boolean centered) {
    super(
        graph,
        checkName(name),
        check("learningRate", learningRate, learningRate >= 0 && learningRate < INF, ">= 0"),
        check("rho", rho, rho >= 0 && rho <= 1, "in [0, 1]"),
        check("momentum", momentum, momentum >= 0 && momentum <= 1, "in [0, 1]"),
        check("epsilon", epsilon, epsilon > 0 && epsilon < INF, "> 0"),
        centered);
    this.name = name;
    this.learningRate = learningRate;
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  /**
   * The gradients of {@code loss} with respect to {@code params}, in order (Keras's {@code
   * get_gradients}); the hook subclasses override to transform gradients before they are applied.
   */
  @Override
  public List<GradAndVar<?>> getGradients(Operand<?> loss, List<? extends Variable<?>> params) {
    return SymbolicGradients.of(graph, loss, params);
  }

  /**
   * The framework's gradients of {@code loss} with respect to every {@code VariableV2} of the
   * graph, routed through {@link #getGradients} so that {@link #minimize(Operand)} sees the same
   * gradients as {@link #minimize(Operand, List)}.
   */
  @Override
  public <T extends TType> List<GradAndVar<?>> computeGradients(Operand<?> loss) {
    List<Variable<?>> all = new ArrayList<>();
    graph
        .operations()
        .forEachRemaining(
            op -> {
              if (op.type().equals(VARIABLE_V2)) {
                all.add(new Variable<>(op));
              }
            });
    return getGradients(loss, all);
  }

  /** Keras's slots: {@code rms}, {@code momentum} only with momentum, {@code mg} only centered. */
  @Override
  protected void createSlots(List<Output<? extends TType>> variables) {
    variables.forEach(this::createKerasSlots);
  }

  private <T extends TType> void createKerasSlots(Output<T> variable) {
    createZeroSlot(variable, RMS);
    if (momentum > 0) {
      createZeroSlot(variable, MOMENTUM);
    }
    if (centered) {
      createZeroSlot(variable, MG);
    }
  }

  /**
   * A zero-initialised slot, kept in this optimizer's own {@link ScopedSlots} rather than the
   * framework's table, whose slot names TF rejects for scoped variables.
   */
  private <T extends TType> void createZeroSlot(Output<T> variable, String slotName) {
    Ops init = tf.withInitScope();
    slots.create(
        init, variable, slotName, init.zeros(init.constant(variable.shape()), variable.type()));
  }

  /**
   * This optimizer's slot {@code rms}, {@code momentum} or {@code mg} of a variable, once applied.
   */
  @Override
  public <T extends TType> Optional<Variable<T>> getSlot(Output<T> variable, String slotName) {
    return slots.get(variable, slotName);
  }

  /**
   * Keras's {@code _resource_apply_dense}: with momentum, the fused kernels (epsilon inside the
   * square root); without, {@code rms = rho*rms + (1-rho)*g^2} ({@code mg} likewise with {@code g}
   * when centered, {@code denom = rms - mg^2}) and {@code var -= lr*g / (sqrt(denom) + epsilon)}.
   */
  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    Variable<T> rms = slots.require(variable, RMS);
    Operand<T> lr = constant(tf, learningRate, gradient);
    Operand<T> rhoT = constant(tf, rho, gradient);
    Operand<T> epsilonT = constant(tf, epsilon, gradient);
    if (momentum > 0) {
      Variable<T> mom = slots.require(variable, MOMENTUM);
      Operand<T> momentumT = constant(tf, momentum, gradient);
      return centered
          ? tf.train.applyCenteredRmsProp(
              variable,
              slots.require(variable, MG),
              rms,
              mom,
              lr,
              rhoT,
              momentumT,
              epsilonT,
              gradient)
          : tf.train.applyRmsProp(variable, rms, mom, lr, rhoT, momentumT, epsilonT, gradient);
    }
    Operand<T> oneMinusRho = constant(tf, 1f - rho, gradient);
    Operand<T> denom =
        tf.assign(
            rms,
            tf.math.add(
                tf.math.mul(rhoT, rms), tf.math.mul(oneMinusRho, tf.math.square(gradient))));
    if (centered) {
      Variable<T> mg = slots.require(variable, MG);
      Operand<T> mgT =
          tf.assign(mg, tf.math.add(tf.math.mul(rhoT, mg), tf.math.mul(oneMinusRho, gradient)));
      denom = tf.math.sub(denom, tf.math.square(mgT));
    }
    Operand<T> step =
        tf.math.div(tf.math.mul(lr, gradient), tf.math.add(tf.math.sqrt(denom), epsilonT));
    return tf.assign(variable, tf.math.sub(variable, step));
  }

  @Override
  public String getOptimizerName() {
    return name;
  }
}
