package io.github.gctfjava.optimizers;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;

/**
 * The Keras example's {@code GCRMSprop} (keras.io/examples/vision/gradient_centralization): an
 * {@link RMSprop} whose {@code get_gradients} takes the parent's gradients and centralizes each one
 * of rank > 1 ({@link GradientCentralization}) before they are applied.
 */
public class GCRMSprop extends RMSprop {

  /** {@code GCRMSprop(learning_rate=...)}, every other argument at its Keras default. */
  public GCRMSprop(Graph graph, float learningRate) {
    this(graph, "GCRMSprop", learningRate, RHO_DEFAULT, MOMENTUM_DEFAULT, EPSILON_DEFAULT, false);
  }

  /** See {@link RMSprop#RMSprop(Graph, String, float, float, float, float, boolean)}. */
  public GCRMSprop(
      Graph graph,
      String name,
      float learningRate,
      float rho,
      float momentum,
      float epsilon,
      boolean centered) {
    super(graph, name, learningRate, rho, momentum, epsilon, centered);
  }

  @Override
  public List<GradAndVar<?>> getGradients(Operand<?> loss, List<? extends Variable<?>> params) {
    // A sub-scope names the centralization ops after this optimizer (GCRMSprop/Mean, ...).
    Ops scope = Ops.create(graph).withSubScope(getOptimizerName());
    return GradientCentralization.centralize(scope, super.getGradients(loss, params));
  }
}
