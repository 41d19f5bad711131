package io.github.gctfjava.optimizers;

import static io.github.gctfjava.optimizers.GraphFixtures.fetch;
import static io.github.gctfjava.optimizers.GraphFixtures.run;
import static io.github.gctfjava.optimizers.GraphFixtures.sumOfSquares;
import static io.github.gctfjava.optimizers.GraphFixtures.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class RMSpropTest {
  private static final float TOL = 1e-6f;
  private static final float[] START = {0.5f, -1.0f, 2.0f};

  @Test
  void firstStepMatchesHandComputedKerasValues() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = variable(tf, "w", Shape.of(3), START);
      RMSprop optimizer = new RMSprop(graph, 0.01f);
      Op step = optimizer.minimize(sumOfSquares(tf, w), List.of(w));
      session.initialize();
      run(session, step);

      // g = 2w = [1, -2, 4]; rms starts at 0, so rms = 0.1 g^2 and the step is
      // lr * g / (sqrt(0.1) |g| + 1e-7) = 0.01 * sign(g) * 3.16227...
      assertArrayEquals(
          new float[] {0.1f, 0.4f, 1.6f},
          fetch(session, optimizer.getSlot(w.asOutput(), "rms").orElseThrow()),
          TOL,
          "rms = 0.1 * g^2");
      assertArrayEquals(
          new float[] {0.46837722f, -0.96837722f, 1.96837722f}, fetch(session, w), TOL, "w");
      assertFalse(optimizer.getSlot(w.asOutput(), "momentum").isPresent(), "no momentum slot");
      assertFalse(optimizer.getSlot(w.asOutput(), "mg").isPresent(), "no mg slot");
    }
  }

  @Test
  void twoStepsWithKerasDefaultsMatchKerasFormula() {
    assertStepsMatchKeras(2, 0.01f, RMSprop.RHO_DEFAULT, 0f, RMSprop.EPSILON_DEFAULT, false);
  }

  /** A large epsilon tells "outside the square root" (no momentum) from "inside" (kernels). */
  @ParameterizedTest(name = "centered={0}, momentum={1}")
  @CsvSource({"false, 0.0", "true, 0.0", "false, 0.9", "true, 0.9"})
  void variantsMatchKerasFormula(boolean centered, float momentum) {
    assertStepsMatchKeras(1, 0.05f, 0.9f, momentum, 0.1f, centered);
    assertStepsMatchKeras(2, 0.05f, 0.9f, momentum, 0.1f, centered);
  }

  @Test
  void minimizeLeavesVariablesOutsideVarListAlone() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> trained = variable(tf, "trained", Shape.of(3), START);
      Variable<TFloat32> frozen = variable(tf, "frozen", Shape.of(3), START);
      Operand<TFloat32> loss = tf.math.add(sumOfSquares(tf, trained), sumOfSquares(tf, frozen));
      Op step = new RMSprop(graph, 0.01f).minimize(loss, List.of(trained));
      session.initialize();
      run(session, step);
      run(session, step);

      assertArrayEquals(START, fetch(session, frozen), 0f, "frozen is not in varList");
      assertTrue(Math.abs(fetch(session, trained)[0] - START[0]) > 0.01f, "trained moved");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "learningRate, -0.1, 0.9, 0.0, 1e-7",
    "learningRate, NaN, 0.9, 0.0, 1e-7",
    "rho, 0.001, 1.5, 0.0, 1e-7",
    "rho, 0.001, -0.1, 0.0, 1e-7",
    "momentum, 0.001, 0.9, -0.5, 1e-7",
    "momentum, 0.001, 0.9, 1.5, 1e-7",
    "epsilon, 0.001, 0.9, 0.0, 0.0",
    "epsilon, 0.001, 0.9, 0.0, Infinity",
  })
  void badArgumentsAreRejectedByName(
      String argument, float learningRate, float rho, float momentum, float epsilon) {
    try (Graph graph = new Graph()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new RMSprop(graph, "RMSprop", learningRate, rho, momentum, epsilon, false));
      assertTrue(e.getMessage().startsWith(argument + " "), e.getMessage());
    }
  }

  @Test
  void emptyNameIsRejected() {
    try (Graph graph = new Graph()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new RMSprop(graph, "", 0.001f, 0.9f, 0f, 1e-7f, false));
      assertTrue(e.getMessage().startsWith("name "), e.getMessage());
    }
  }

  /** {@code steps} updates of w = START on loss sum(w^2) against {@link KerasRMSpropReference}. */
  private static void assertStepsMatchKeras(
      int steps, float lr, float rho, float momentum, float epsilon, boolean centered) {
    float[] expected = START.clone();
    KerasRMSpropReference keras =
        new KerasRMSpropReference(3, lr, rho, momentum, epsilon, centered);
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = variable(tf, "w", Shape.of(3), START);
      Op step =
          new RMSprop(graph, "RMSprop", lr, rho, momentum, epsilon, centered)
              .minimize(sumOfSquares(tf, w), List.of(w));
      session.initialize();
      for (int i = 0; i < steps; i++) {
        run(session, step);
        keras.step(expected, KerasRMSpropReference.twice(expected));
      }
      assertArrayEquals(expected, fetch(session, w), TOL, "w after " + steps + " step(s)");
    }
  }
}
