package io.github.gctfjava.optimizers;

import static io.github.gctfjava.optimizers.GraphFixtures.constant;
import static io.github.gctfjava.optimizers.GraphFixtures.fetch;
import static io.github.gctfjava.optimizers.GraphFixtures.run;
import static io.github.gctfjava.optimizers.GraphFixtures.sumOfSquares;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.AdaDelta;
import org.tensorflow.framework.optimizers.AdaGrad;
import org.tensorflow.framework.optimizers.Ftrl;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Momentum;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Each optimizer {@code --optimizer} resolves to, three steps on {@code sum(w^2)} (gradient {@code
 * 2w}) of a scoped variable {@code dense/kernel}, against Keras 2.x's update formula for the
 * optimizer of that name ({@code optimizer_v2/*.py} and the kernels they call), computed here
 * element by element in double. Where the framework's optimizer is used as it is (SGD, AdaDelta,
 * Ftrl), the test says that it agrees with Keras; where the project has a class of its own, a test
 * shows the framework's optimizer differs. Tolerance 1e-6.
 */
class KerasSemanticsTest {
  private static final float TOL = 1e-6f;
  private static final float LR = 0.1f;
  private static final float[] W = {0.5f, -1f, 2f, -3f};
  private static final int STEPS = 3;
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-7;

  /** One element's Keras update: the new value from the value and the step number t (1-based). */
  private interface ElementRule {
    double next(double w, int t);
  }

  static Stream<Arguments> agreeing() {
    return Stream.of(
        Arguments.of(
            "sgd",
            (Function<Graph, Optimizer>) g -> new GradientDescent(g, LR),
            (Rule) KerasSemanticsTest::sgd),
        Arguments.of(
            "sgd(momentum=0.9)",
            (Function<Graph, Optimizer>) g -> new Momentum(g, LR, 0.9f),
            (Rule) () -> sgdMomentum(0.9, false)),
        Arguments.of(
            "sgd(momentum=0.9, nesterov)",
            (Function<Graph, Optimizer>) g -> new Momentum(g, LR, 0.9f, true),
            (Rule) () -> sgdMomentum(0.9, true)),
        Arguments.of(
            "adadelta",
            (Function<Graph, Optimizer>) g -> new AdaDelta(g, 1f),
            (Rule) () -> adadelta(1)),
        Arguments.of(
            "ftrl",
            (Function<Graph, Optimizer>) g -> new Ftrl(g, LR),
            (Rule) KerasSemanticsTest::ftrl));
  }

  static Stream<Arguments> projects() {
    return Stream.of(
        Arguments.of(
            "adam",
            (Function<Graph, Optimizer>) g -> new Adam(g, LR),
            (Rule) KerasSemanticsTest::adam),
        Arguments.of(
            "adamax",
            (Function<Graph, Optimizer>) g -> new Adamax(g, LR),
            (Rule) KerasSemanticsTest::adamax),
        Arguments.of(
            "nadam",
            (Function<Graph, Optimizer>) g -> new Nadam(g, LR),
            (Rule) KerasSemanticsTest::nadam),
        Arguments.of(
            "adagrad",
            (Function<Graph, Optimizer>) g -> new Adagrad(g, LR),
            (Rule) KerasSemanticsTest::adagrad));
  }

  /** A fresh per-element rule (each element carries its own slots). */
  private interface Rule {
    ElementRule create();
  }

  @ParameterizedTest(name = "framework's optimizer for {0} agrees with Keras")
  @MethodSource("agreeing")
  void frameworkOptimizerAgreesWithKeras(
      String name, Function<Graph, Optimizer> optimizer, Rule keras) {
    assertArrayEquals(keras(keras), trained(optimizer), TOL);
  }

  @ParameterizedTest(name = "project's {0} follows Keras's formula")
  @MethodSource("projects")
  void projectOptimizerFollowsKeras(String name, Function<Graph, Optimizer> optimizer, Rule keras) {
    assertArrayEquals(keras(keras), trained(optimizer), TOL);
  }

  /** The framework's AdaGrad is TF1's (accumulator from 0.01, no epsilon): not Keras's Adagrad. */
  @Test
  void frameworkAdaGradDiffersFromKeras() {
    float[] framework = trained(g -> new AdaGrad(g, LR));
    assertTrue(maxAbsDifference(keras(KerasSemanticsTest::adagrad), framework) > 1e-3);
  }

  /** The framework's Nadam computes every step as step 1: from step 2 on it leaves Keras's path. */
  @Test
  void frameworkNadamDiffersFromKeras() {
    float[] framework = trained(g -> new org.tensorflow.framework.optimizers.Nadam(g, LR));
    assertTrue(maxAbsDifference(keras(KerasSemanticsTest::nadam), framework) > 1e-3);
  }

  /** Keras's {@code iterations} counts the steps; a checkpoint holds it. */
  @Test
  void kerasAdamCountsItsSteps() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = scoped(tf);
      Adam adam = new Adam(graph, LR);
      Op step = TransformedOptimizer.of(adam).minimize(sumOfSquares(tf, w), List.of(w));
      session.initialize();
      for (int i = 0; i < STEPS; i++) {
        run(session, step);
      }
      try (var result = session.runner().fetch(adam.iterations().orElseThrow()).run()) {
        assertEquals(STEPS, ((org.tensorflow.types.TInt64) result.get(0)).getLong());
      }
    }
  }

  private static Variable<TFloat32> scoped(Ops tf) {
    Ops init = tf.withInitScope();
    return init.withSubScope("dense")
        .withName("kernel")
        .variable(constant(init, Shape.of(2, 2), W));
  }

  private static float[] trained(Function<Graph, Optimizer> optimizer) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = scoped(tf);
      Op step =
          TransformedOptimizer.of(optimizer.apply(graph)).minimize(sumOfSquares(tf, w), List.of(w));
      session.initialize();
      for (int i = 0; i < STEPS; i++) {
        run(session, step);
      }
      return fetch(session, w);
    }
  }

  private static float[] keras(Rule rule) {
    float[] out = new float[W.length];
    for (int j = 0; j < W.length; j++) {
      ElementRule element = rule.create();
      double w = W[j];
      for (int t = 1; t <= STEPS; t++) {
        w = element.next(w, t);
      }
      out[j] = (float) w;
    }
    return out;
  }

  private static ElementRule sgd() {
    return (w, t) -> w - LR * 2 * w;
  }

  /**
   * Keras: {@code m = momentum * m - lr * g}; {@code w += m}, or with Nesterov {@code w += momentum
   * * m - lr * g}.
   */
  private static ElementRule sgdMomentum(double momentum, boolean nesterov) {
    double[] m = {0};
    return (w, t) -> {
      double g = 2 * w;
      m[0] = momentum * m[0] - LR * g;
      return nesterov ? w + momentum * m[0] - LR * g : w + m[0];
    };
  }

  /** Keras (rho 0.95, epsilon 1e-7): {@code ApplyAdadelta}. */
  private static ElementRule adadelta(double lr) {
    double rho = 0.95;
    double[] accum = {0};
    double[] accumUpdate = {0};
    return (w, t) -> {
      double g = 2 * w;
      accum[0] = rho * accum[0] + (1 - rho) * g * g;
      double update = Math.sqrt(accumUpdate[0] + EPS) / Math.sqrt(accum[0] + EPS) * g;
      accumUpdate[0] = rho * accumUpdate[0] + (1 - rho) * update * update;
      return w - lr * update;
    };
  }

  /**
   * Keras (learning_rate_power -0.5, initial accumulator 0.1, l1 = l2 = beta = 0): {@code
   * ApplyFtrl}.
   */
  private static ElementRule ftrl() {
    double[] accum = {0.1};
    double[] linear = {0};
    return (w, t) -> {
      double g = 2 * w;
      double newAccum = accum[0] + g * g;
      linear[0] += g - (Math.sqrt(newAccum) - Math.sqrt(accum[0])) / LR * w;
      accum[0] = newAccum;
      return -linear[0] / (Math.sqrt(newAccum) / LR);
    };
  }

  /** Keras: {@code w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)}. */
  private static ElementRule adam() {
    double[] m = {0};
    double[] v = {0};
    return (w, t) -> {
      double g = 2 * w;
      m[0] = B1 * m[0] + (1 - B1) * g;
      v[0] = B2 * v[0] + (1 - B2) * g * g;
      double lrT = LR * Math.sqrt(1 - Math.pow(B2, t)) / (1 - Math.pow(B1, t));
      return w - lrT * m[0] / (Math.sqrt(v[0]) + EPS);
    };
  }

  /** Keras: {@code v = max(b2 v, |g|)}; {@code w -= lr / (1 - b1^t) * m / (v + epsilon)}. */
  private static ElementRule adamax() {
    double[] m = {0};
    double[] v = {0};
    return (w, t) -> {
      double g = 2 * w;
      m[0] = B1 * m[0] + (1 - B1) * g;
      v[0] = Math.max(B2 * v[0], Math.abs(g));
      return w - LR / (1 - Math.pow(B1, t)) * m[0] / (v[0] + EPS);
    };
  }

  /** Keras's Nadam with Dozat's schedule {@code u_t = b1 (1 - 0.5 * 0.96^(0.004 t))}. */
  private static ElementRule nadam() {
    double[] m = {0};
    double[] v = {0};
    double[] mSchedule = {1};
    return (w, t) -> {
      double g = 2 * w;
      double mT = B1 * (1 - 0.5 * Math.pow(0.96, 0.004 * t));
      double mT1 = B1 * (1 - 0.5 * Math.pow(0.96, 0.004 * (t + 1)));
      double mScheduleNew = mSchedule[0] * mT;
      double mScheduleNext = mScheduleNew * mT1;
      mSchedule[0] = mScheduleNew;
      double gPrime = g / (1 - mScheduleNew);
      m[0] = B1 * m[0] + (1 - B1) * g;
      double mPrime = m[0] / (1 - mScheduleNext);
      v[0] = B2 * v[0] + (1 - B2) * g * g;
      double vPrime = v[0] / (1 - Math.pow(B2, t));
      double mBar = (1 - mT) * gPrime + mT1 * mPrime;
      return w - LR * mBar / (Math.sqrt(vPrime) + EPS);
    };
  }

  /** Keras: accumulator from 0.1, {@code acc += g^2; w -= lr * g / (sqrt(acc) + epsilon)}. */
  private static ElementRule adagrad() {
    double[] acc = {0.1};
    return (w, t) -> {
      double g = 2 * w;
      acc[0] += g * g;
      return w - LR * g / (Math.sqrt(acc[0]) + EPS);
    };
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    double max = 0;
    for (int j = 0; j < a.length; j++) {
      max = Math.max(max, Math.abs(a[j] - b[j]));
    }
    return max;
  }
}
