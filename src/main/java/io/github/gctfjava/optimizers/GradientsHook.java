package io.github.gctfjava.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * Keras's {@code get_gradients(loss, params)} on an optimizer that lets subclasses change the
 * gradients in one place, as the Keras example's {@code GCRMSprop} does. {@link
 * TransformedOptimizer} takes its gradients from here when the optimizer it wraps has this hook, so
 * an override is never skipped (in TF 2's {@code model.fit} it is: the example's GC run is plain
 * RMSprop).
 */
public interface GradientsHook {
  List<GradAndVar<?>> getGradients(Operand<?> loss, List<? extends Variable<?>> params);

  /** {@link Optimizer#applyGradients}, which every implementation inherits. */
  Op applyGradients(List<GradAndVar<? extends TType>> gradsAndVars, String name);

  /** {@link Optimizer#getOptimizerName}, which every implementation has. */
  String getOptimizerName();

  /**
   * One training step on {@code varList} only (Keras's {@code minimize(loss, var_list)}), its
   * gradients from {@link #getGradients}. Prefer it to {@link Optimizer#minimize(Operand)} when the
   * graph holds variables that must not be trained, such as another optimizer's slots.
   */
  default Op minimize(Operand<?> loss, List<? extends Variable<?>> varList) {
    return applyGradients(getGradients(loss, varList), getOptimizerName() + "-minimize");
  }
}
