package io.github.gctfjava.optimizers;

import java.util.List;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.op.Ops;

/**
 * One of Keras's {@code gradient_transformers}: a function from the (gradient, variable) pairs to
 * new pairs, in the same order, applied in the graph before the optimizer updates the variables
 * ({@link TransformedOptimizer}).
 */
@FunctionalInterface
public interface GradientTransformer {
  List<GradAndVar<?>> apply(Ops tf, List<GradAndVar<?>> gradsAndVars);
}
