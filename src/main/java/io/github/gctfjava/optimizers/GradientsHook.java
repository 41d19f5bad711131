package io.github.gctfjava.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.op.core.Variable;

/**
 * Keras's {@code get_gradients(loss, params)} on an optimizer that lets subclasses change the
 * gradients in one place, as the Keras example's {@code GCRMSprop} does. {@link
 * TransformedOptimizer} takes its gradients from here when the optimizer it wraps has this hook, so
 * an override is never skipped (in TF 2's {@code model.fit} it is: the example's GC run is plain
 * RMSprop).
 */
public interface GradientsHook {
  List<GradAndVar<?>> getGradients(Operand<?> loss, List<? extends Variable<?>> params);
}
