package io.github.gctfjava.layers;

import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.framework.activations.Activation;
import org.tensorflow.framework.activations.Linear;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code activations} module: the activation a layer takes by name, and the way back from a
 * sigmoid's output to its logits.
 */
public final class Activations {
  private Activations() {}

  /** Keras's {@code activations.get}: the tensorflow-framework function by name; null is linear. */
  static Activation get(String name) {
    if (name == null) {
      return new Linear();
    }
    try {
      return Activation.create(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown activation '" + name + "'", e);
    }
  }

  /**
   * The logits a sigmoid output was computed from, e.g. of the model's final {@code Dense(1,
   * "sigmoid")}.
   *
   * <p>Keras's {@code binary_crossentropy} does the same with a graph tensor made by a Sigmoid op:
   * it takes the op's input and computes the loss from the logits, which stays finite where the
   * sigmoid saturates. Reading it off the graph keeps no per-call state in the layer, so it works
   * for every call of the model.
   *
   * @throws IllegalArgumentException if {@code output} is not the output of a graph Sigmoid op
   */
  public static Operand<TFloat32> sigmoidLogits(Operand<TFloat32> output) {
    Operation op = output.op();
    if (!(op instanceof GraphOperation graphOp) || !op.type().equals("Sigmoid")) {
      throw new IllegalArgumentException(
          "expected the output of a graph Sigmoid op, got " + op.type() + " '" + op.name() + "'");
    }
    return graphOp.input(0).expect(TFloat32.class);
  }
}
