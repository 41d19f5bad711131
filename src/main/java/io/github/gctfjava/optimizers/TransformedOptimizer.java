package io.github.gctfjava.optimizers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * Keras's optimizer_v2 path for any TF Java optimizer: gradients computed once ({@code
 * get_gradients}), passed through an ordered list of {@link GradientTransformer}s (Keras's {@code
 * gradient_transformers}, which run after its clipping: clip first, then centralize), then applied
 * by the wrapped optimizer ({@code apply_gradients}).
 *
 * <p>It also lets the framework's optimizers train variables with scoped names: they name a slot
 * {@code <variable op name>-<slot>}, which TF Java refuses for {@code conv2d/kernel} ('/' is not
 * allowed in an op name). The wrapped optimizer is handed each such variable through a {@code
 * RefIdentity} named {@code conv2d_kernel}, the same reference under a name it can build on (its
 * slots become {@code conv2d_kernel-m}); {@link #getSlot} takes the original variable.
 */
public final class TransformedOptimizer extends Optimizer {
  private final Optimizer optimizer;
  private final List<GradientTransformer> transformers;

  /** Variable op name to the reference the wrapped optimizer was given for it. */
  private final Map<String, Output<?>> references = new HashMap<>();

  private TransformedOptimizer(Optimizer optimizer, List<GradientTransformer> transformers) {
    super(graphOf(optimizer), optimizer.getOptimizerName());
    this.optimizer = optimizer;
    this.transformers = List.copyOf(transformers);
  }

  /**
   * {@code optimizer} with {@code transformers} applied in order to its gradients. When {@code
   * optimizer} is itself transformed, the new transformers run after its own, on the optimizer it
   * wraps, so {@code wrap(of(adam, clipnorm(1)))} clips, then centralizes.
   */
  public static TransformedOptimizer of(Optimizer optimizer, GradientTransformer... transformers) {
    if (optimizer instanceof TransformedOptimizer transformed) {
      if (transformers.length == 0) {
        return transformed; // the same instance, so its getSlot sees the references compile made
      }
      List<GradientTransformer> all = new ArrayList<>(transformed.transformers);
      all.addAll(List.of(transformers));
      return new TransformedOptimizer(transformed.optimizer, all);
    }
    return new TransformedOptimizer(optimizer, List.of(transformers));
  }

  /**
   * The gradients of {@code loss} with respect to {@code params}, in order: the wrapped optimizer's
   * {@link GradientsHook} when it has one, otherwise the graph's symbolic gradients.
   */
  public List<GradAndVar<?>> getGradients(Operand<?> loss, List<? extends Variable<?>> params) {
    if (optimizer instanceof GradientsHook hook) {
      return hook.getGradients(loss, params);
    }
    return SymbolicGradients.of(graph, loss, params);
  }

  /** One training step on {@code varList} only (Keras's {@code minimize(loss, var_list)}). */
  public Op minimize(Operand<?> loss, List<? extends Variable<?>> varList) {
    return applyGradients(getGradients(loss, varList), getOptimizerName() + "-minimize");
  }

  @Override
  public <T extends TType> List<GradAndVar<?>> computeGradients(Operand<?> loss) {
    return optimizer.computeGradients(loss);
  }

  /** Transforms the gradients in order, then has the wrapped optimizer apply them. */
  @Override
  public Op applyGradients(List<GradAndVar<? extends TType>> gradsAndVars, String name) {
    Ops scope = Ops.create(graph).withSubScope(getOptimizerName());
    List<GradAndVar<?>> transformed = List.copyOf(gradsAndVars);
    for (GradientTransformer transformer : transformers) {
      transformed = transformer.apply(scope, transformed);
    }
    return optimizer.applyGradients(
        transformed.stream().<GradAndVar<?>>map(this::nameable).toList(), name);
  }

  /** The wrapped optimizer's slot of {@code variable} (the variable itself, not its reference). */
  @Override
  public <T extends TType> Optional<Variable<T>> getSlot(Output<T> variable, String slotName) {
    @SuppressWarnings("unchecked")
    Output<T> reference = (Output<T>) references.getOrDefault(variable.op().name(), variable);
    return optimizer.getSlot(reference, slotName);
  }

  @Override
  public String getOptimizerName() {
    return optimizer.getOptimizerName();
  }

  /** Never called: {@link #applyGradients} hands every update to the wrapped optimizer. */
  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    throw new UnsupportedOperationException(
        "the wrapped " + getOptimizerName() + " applies the gradients");
  }

  private <T extends TType> GradAndVar<T> nameable(GradAndVar<T> gradAndVar) {
    Output<T> variable = gradAndVar.getVariable();
    String name = variable.op().name();
    // The project's optimizers name scoped slots themselves; their graphs stay as they were.
    if (!name.contains("/")
        || optimizer instanceof KerasOptimizer
        || optimizer instanceof RMSprop) {
      return gradAndVar;
    }
    Output<T> reference =
        Ops.create(graph).withName(name.replace('/', '_')).refIdentity(variable).asOutput();
    references.put(name, reference);
    return new GradAndVar<>(gradAndVar.getGradient(), reference);
  }

  private static Graph graphOf(Optimizer optimizer) {
    return (Graph) optimizer.getTF().scope().env();
  }
}
