package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.Tensors.constant;
import static io.github.gctfjava.layers.Tensors.fetch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

class TrainingReluTest {
  private static final float[] X = {-2f, -0.5f, 0f, 0.5f, 3f};
  private static final float[] W = {1f, 2f, 3f, 4f, 5f};

  /** relu(x) = max(x, 0); d sum(w * relu(x)) / dx = w where x > 0, else 0 (0 at x = 0, as TF). */
  @Test
  void valuesAndGradientAreRelus() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.variable(constant(tf, Shape.of(5), X));
      Operand<TFloat32> y = TrainingRelu.apply(tf, x);
      Operand<TFloat32> loss =
          tf.reduceSum(tf.math.mul(y, constant(tf, Shape.of(5), W)), tf.constant(0));
      Gradients dx = tf.gradients(loss, List.of(x));
      s.initialize();
      assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 3f}, fetch(s, y), 0f);
      assertArrayEquals(new float[] {0f, 0f, 0f, 4f, 5f}, fetch(s, dx.dy(0)), 0f);
    }
  }

  /** The same in bfloat16 (mixed_bfloat16's layers), whose values are exact at these points. */
  @Test
  void valuesAndGradientAreRelusInBfloat16() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TBfloat16> x =
          tf.variable(tf.dtypes.cast(constant(tf, Shape.of(5), X), TBfloat16.class));
      Operand<TBfloat16> y = TrainingRelu.apply(tf, x);
      assertEquals(TBfloat16.class, y.type());
      Operand<TFloat32> loss =
          tf.reduceSum(
              tf.math.mul(tf.dtypes.cast(y, TFloat32.class), constant(tf, Shape.of(5), W)),
              tf.constant(0));
      Gradients dx = tf.gradients(loss, List.of(x));
      s.initialize();
      assertArrayEquals(
          new float[] {0f, 0f, 0f, 0.5f, 3f}, fetch(s, tf.dtypes.cast(y, TFloat32.class)), 0f);
      assertArrayEquals(
          new float[] {0f, 0f, 0f, 4f, 5f},
          fetch(s, tf.dtypes.cast(dx.dy(0).expect(TBfloat16.class), TFloat32.class)),
          0f);
    }
  }

  /**
   * The point of the class: after the gradient is built, the activation's input is read by the
   * forward op alone, so a training step need not keep it for the backward pass.
   */
  @Test
  void backwardPassReadsTheOutputNotTheInput() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> z = tf.placeholder(TFloat32.class);
      Operand<TFloat32> w = tf.variable(constant(tf, Shape.of(5), W));
      Operand<TFloat32> y = TrainingRelu.apply(tf, tf.math.mul(z, w));
      tf.gradients(tf.reduceSum(y, tf.constant(0)), List.of(w));
      GraphOperation preActivation = (GraphOperation) ((GraphOperation) y.op()).input(0).op();
      Set<String> readers =
          preActivation.consumers().stream().map(GraphOperation::type).collect(Collectors.toSet());
      assertEquals(Set.of("ReluGrad", "StopGradient"), readers, "readers of the pre-activation");
      assertEquals(2, preActivation.numConsumers(), "the forward op and its StopGradient only");
    }
  }

  /**
   * Any other ReluGrad, beside a TrainingRelu, keeps its true gradient: d/dg = dy * (f > 0), d/df =
   * 0.
   */
  @Test
  void otherReluGradsGetTheirOwnGradient() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> grads = tf.variable(constant(tf, Shape.of(5), W));
      Operand<TFloat32> features = tf.variable(constant(tf, Shape.of(5), X));
      Operand<TFloat32> out = tf.nn.reluGrad(grads, features);
      TrainingRelu.apply(tf, features); // registers the gradient, whichever test runs first
      Gradients d =
          tf.gradients(
              tf.reduceSum(tf.math.mul(out, out), tf.constant(0)), List.of(grads, features));
      s.initialize();
      // d sum(out^2) / dg = 2 out (f > 0) = 2 g (f > 0).
      assertArrayEquals(new float[] {0f, 0f, 0f, 8f, 10f}, fetch(s, d.dy(0)), 0f);
      assertArrayEquals(new float[5], fetch(s, d.dy(1)), 0f);
    }
  }
}
