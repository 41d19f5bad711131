package io.github.gctfjava.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * The graph's symbolic gradients of a loss, paired with their variables: what every optimizer here
 * starts from.
 */
final class SymbolicGradients {
  private SymbolicGradients() {}

  /**
   * {@code d loss / d param} for each of {@code params}, in order, each paired with its variable.
   */
  static List<GradAndVar<?>> of(Graph graph, Operand<?> loss, List<? extends Variable<?>> params) {
    Output<?>[] variables = params.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), variables);
    List<GradAndVar<?>> pairs = new ArrayList<>(variables.length);
    for (int i = 0; i < variables.length; i++) {
      pairs.add(pair(gradients[i], variables[i]));
    }
    return pairs;
  }

  private static <T extends TType> GradAndVar<T> pair(Output<?> gradient, Output<T> variable) {
    return new GradAndVar<>(gradient.expect(variable.type()), variable);
  }
}
