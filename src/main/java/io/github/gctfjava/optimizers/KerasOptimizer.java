package io.github.gctfjava.optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * What Keras 2.x's {@code OptimizerV2} gives every optimizer and the framework's {@link Optimizer}
 * lacks: slots that start at a given value for variables with scoped names ({@code conv2d/kernel}
 * gets {@code conv2d_kernel-m}), and the step counter {@code iterations}, a graph variable read by
 * the updates of a step and incremented after them, so bias corrections follow the steps taken and
 * a checkpoint carries them.
 */
abstract class KerasOptimizer extends Optimizer implements GradientsHook {
  protected static final float INF = Float.POSITIVE_INFINITY;
  private final String name;

  private final ScopedSlots slots = new ScopedSlots();

  private Variable<TInt64> iterations;

  protected KerasOptimizer(Graph graph, String name) {
    super(graph, checkName(name));
    this.name = name;
  }

  /** Creates {@code variable}'s slots with {@link #createSlot(Output, String, float)}. */
  protected abstract <T extends TType> void createSlots(Output<T> variable);

  @Override
  protected final void createSlots(List<Output<? extends TType>> variables) {
    if (iterations == null) {
      Ops init = tf.withInitScope();
      iterations = init.withName(name + "-iterations").variable(init.constant(0L));
    }
    for (Output<? extends TType> variable : variables) {
      if (!slots.has(variable)) {
        createSlots(variable);
      }
    }
  }

  /**
   * A slot of {@code variable}'s shape and type, set to {@code initialValue} by
   * Session.initialize().
   */
  protected <T extends TType> void createSlot(
      Output<T> variable, String slotName, float initialValue) {
    Ops init = tf.withInitScope();
    Operand<T> value =
        init.fill(
            init.constant(variable.shape()),
            init.dtypes.cast(init.constant(initialValue), variable.type()));
    slots.create(init, variable, slotName, value);
  }

  /**
   * A scalar float32 variable of this optimizer (Nadam's momentum cache), set to {@code
   * initialValue}.
   */
  protected Variable<TFloat32> createScalar(String variableName, float initialValue) {
    Ops init = tf.withInitScope();
    return init.withName(name + "-" + variableName).variable(init.constant(initialValue));
  }

  @Override
  public <T extends TType> Optional<Variable<T>> getSlot(Output<T> variable, String slotName) {
    return slots.get(variable, slotName);
  }

  protected <T extends TType> Variable<T> slot(Output<T> variable, String slotName) {
    return slots.require(variable, slotName);
  }

  /** Keras's {@code iterations}: the steps applied so far (a variable, saved with the slots). */
  public Optional<Variable<TInt64>> iterations() {
    return Optional.ofNullable(iterations);
  }

  /** Keras's {@code local_step = cast(iterations + 1)}, the number of the step being applied. */
  protected <T extends TType> Operand<T> localStep(Ops tf, Class<T> type) {
    return tf.dtypes.cast(tf.math.add(iterations, tf.constant(1L)), type);
  }

  /** The updates, then {@code iterations += 1} once they are done. */
  @Override
  protected Op finish(List<Op> updateOperations, String opName) {
    List<Op> all = new ArrayList<>(updateOperations);
    all.add(tf.withControlDependencies(updateOperations).assignAdd(iterations, tf.constant(1L)));
    return super.finish(all, opName);
  }

  @Override
  public List<GradAndVar<?>> getGradients(Operand<?> loss, List<? extends Variable<?>> params) {
    return SymbolicGradients.of(graph, loss, params);
  }

  @Override
  public String getOptimizerName() {
    return name;
  }

  protected static <T extends TType> Operand<T> constant(Ops tf, float value, Output<T> like) {
    return tf.dtypes.cast(tf.constant(value), like.type());
  }

  // Returns the value so that arguments are checked inside the call to super(...).
  protected static float check(String argument, float value, boolean valid, String rule) {
    if (!valid) {
      throw new IllegalArgumentException(argument + " must be " + rule + ", got " + value);
    }
    return value;
  }

  static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be empty, got " + name);
    }
    return name;
  }
}
