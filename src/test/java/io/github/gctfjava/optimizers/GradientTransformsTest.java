package io.github.gctfjava.optimizers;

import static io.github.gctfjava.optimizers.GraphFixtures.constant;
import static io.github.gctfjava.optimizers.GraphFixtures.fetch;
import static io.github.gctfjava.optimizers.GraphFixtures.run;
import static io.github.gctfjava.optimizers.GraphFixtures.sumOfSquares;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.AdaDelta;
import org.tensorflow.framework.optimizers.AdaGrad;
import org.tensorflow.framework.optimizers.AdaGradDA;
import org.tensorflow.framework.optimizers.Ftrl;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Momentum;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.framework.optimizers.RMSProp;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * The gradient seam ({@link TransformedOptimizer}) on variables with scoped names, as a model has
 * them: a convolution kernel {@code conv2d/kernel} (2, 2, 1, 2), a dense kernel {@code
 * dense/kernel} (3, 2) and its bias {@code dense/bias} (2); the loss is the sum of their squares,
 * so each gradient is {@code 2 w}. Tolerance 1e-6 throughout (float32 on values of order 1).
 */
class GradientTransformsTest {
  private static final float TOL = 1e-6f;
  private static final float LR = 0.1f;
  private static final Shape[] SHAPES = {Shape.of(2, 2, 1, 2), Shape.of(3, 2), Shape.of(2)};
  private static final String[] NAMES = {"conv2d/kernel", "dense/kernel", "dense/bias"};
  private static final float[][] INITIAL = {
    {1f, -2f, 3f, 0.5f, -1f, 4f, 2f, -3f}, {0.5f, 1f, -1.5f, 2f, 3f, -0.5f}, {0.5f, -1f}
  };
  private static final int CHANNELS = 2;

  /**
   * Every optimizer of TF Java's framework and every Keras-semantics one of the project, but the
   * framework's Adam and Adamax: their steps are not deterministic (they update beta1_power with no
   * order against the updates that read it, so a step uses this or the next step's power); the
   * project's Adam and Adamax, which {@code --optimizer} uses, are here.
   */
  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of(
            "GradientDescent", (Function<Graph, Optimizer>) g -> new GradientDescent(g, LR)),
        Arguments.of("Momentum", (Function<Graph, Optimizer>) g -> new Momentum(g, LR, 0.9f)),
        Arguments.of(
            "Momentum(nesterov)",
            (Function<Graph, Optimizer>) g -> new Momentum(g, LR, 0.9f, true)),
        Arguments.of(
            "framework Nadam",
            (Function<Graph, Optimizer>) g -> new org.tensorflow.framework.optimizers.Nadam(g, LR)),
        Arguments.of("AdaGrad", (Function<Graph, Optimizer>) g -> new AdaGrad(g, LR)),
        Arguments.of("AdaGradDA", (Function<Graph, Optimizer>) g -> new AdaGradDA(g, LR)),
        Arguments.of("AdaDelta", (Function<Graph, Optimizer>) g -> new AdaDelta(g, 1f)),
        Arguments.of("Ftrl", (Function<Graph, Optimizer>) g -> new Ftrl(g, LR)),
        Arguments.of("framework RMSProp", (Function<Graph, Optimizer>) g -> new RMSProp(g, LR)),
        Arguments.of("Keras Adam", (Function<Graph, Optimizer>) g -> new Adam(g, LR)),
        Arguments.of("Keras Adamax", (Function<Graph, Optimizer>) g -> new Adamax(g, LR)),
        Arguments.of("Keras Nadam", (Function<Graph, Optimizer>) g -> new Nadam(g, LR)),
        Arguments.of("Keras Adagrad", (Function<Graph, Optimizer>) g -> new Adagrad(g, LR)),
        Arguments.of("Keras RMSprop", (Function<Graph, Optimizer>) g -> new RMSprop(g, LR)),
        Arguments.of(
            "Keras RMSprop(momentum)",
            (Function<Graph, Optimizer>)
                g -> new RMSprop(g, "RMSprop", LR, 0.9f, 0.5f, 1e-7f, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void oneStepWithGcEqualsTheStepFedCentralizedGradientsByHand(
      String name, Function<Graph, Optimizer> optimizer) {
    float[][] byHand = {centralized(gradient(0)), centralized(gradient(1)), gradient(2)};
    float[][] withGc = oneStep(optimizer, GradientCentralization.gc());
    float[][] fed = oneStepOn(optimizer, byHand);
    for (int i = 0; i < NAMES.length; i++) {
      assertArrayEquals(fed[i], withGc[i], TOL, NAMES[i]);
    }
    assertTrue(maxAbsDifference(INITIAL[0], withGc[0]) > 1e-4, "the step moved the kernel");
  }

  @Test
  void gradientDescentWithGcAppliesUpdatesOfMeanZeroAndLeavesBiasesAlone() {
    float[][] after = oneStep(g -> new GradientDescent(g, LR), GradientCentralization.gc());
    for (int i = 0; i < 2; i++) {
      float[] update = update(i, after[i]);
      for (double mean : channelMeans(update)) {
        assertEquals(0, mean, TOL, NAMES[i] + ": mean of the update over all axes but the last");
      }
    }
    assertArrayEquals(
        scaled(gradient(2), LR), update(2, after[2]), TOL, "bias: lr * g, not centralized");
    // Without GC the same updates are far from mean zero, so the check above can fail.
    float[][] plain = oneStep(g -> new GradientDescent(g, LR));
    assertTrue(
        Math.abs(channelMeans(update(1, plain[1]))[0]) > 0.01,
        "plain SGD's dense update has a mean");
  }

  @Test
  void gccCentralizesConvolutionKernelsOnly() {
    float[][] after = oneStep(g -> new GradientDescent(g, LR), GradientCentralization.gcc());
    for (double mean : channelMeans(update(0, after[0]))) {
      assertEquals(0, mean, TOL, "conv2d/kernel: mean of the update over all axes but the last");
    }
    assertArrayEquals(
        scaled(gradient(1), LR), update(1, after[1]), TOL, "dense/kernel: lr * g, untouched");
    assertArrayEquals(
        scaled(gradient(2), LR), update(2, after[2]), TOL, "dense/bias: lr * g, untouched");
  }

  /**
   * clipvalue 1 then GC: with lr 1, the update is the clipped gradient centralized, not the other
   * way round.
   */
  @Test
  void clippingHappensBeforeCentralization() {
    OptimizerConfig config = new OptimizerConfig("gc-sgd", 1f, null, false, 1f, null, null);
    float[][] after = oneStep(config::create);
    float[] clipThenCentralize = centralized(clipped(gradient(0), 1f));
    float[] centralizeThenClip = clipped(centralized(gradient(0)), 1f);
    assertArrayEquals(clipThenCentralize, update(0, after[0]), TOL, "clip, then centralize");
    assertTrue(
        maxAbsDifference(clipThenCentralize, centralizeThenClip) > 0.1,
        "the order changes the result");
  }

  /**
   * Keras's {@code clipvalue}: {@code clip_by_value(g, -v, v)}; with lr 1 the update is the
   * gradient.
   */
  @Test
  void clipvalueAlone() {
    float[][] after = oneStep(g -> new GradientDescent(g, 1f), GradientClipping.clipvalue(1.5f));
    for (int i = 0; i < NAMES.length; i++) {
      assertArrayEquals(clipped(gradient(i), 1.5f), update(i, after[i]), TOL, NAMES[i]);
    }
  }

  /**
   * Keras's {@code clipnorm}: each tensor {@code g * c / max(||g||, c)}; the bias's norm (2.24) is
   * under 3.
   */
  @Test
  void clipnormAloneClipsEachTensorOnItsOwn() {
    float[][] after = oneStep(g -> new GradientDescent(g, 1f), GradientClipping.clipnorm(3f));
    for (int i = 0; i < NAMES.length; i++) {
      float[] g = gradient(i);
      assertArrayEquals(
          scaled(g, (float) (3 / Math.max(norm(g), 3))), update(i, after[i]), TOL, NAMES[i]);
    }
    assertArrayEquals(
        gradient(2), update(2, after[2]), TOL, "a tensor under the norm is left as it is");
  }

  /** Keras's {@code global_clipnorm}: every tensor {@code g * c / max(global_norm, c)}. */
  @Test
  void globalClipnormAloneScalesAllTensorsByOneFactor() {
    float[][] after = oneStep(g -> new GradientDescent(g, 1f), GradientClipping.globalClipnorm(5f));
    double sumOfSquares = 0;
    for (int i = 0; i < NAMES.length; i++) {
      sumOfSquares += Math.pow(norm(gradient(i)), 2);
    }
    float scale = (float) (5 / Math.max(Math.sqrt(sumOfSquares), 5));
    assertTrue(scale < 1, "the fixture's global norm is over 5");
    for (int i = 0; i < NAMES.length; i++) {
      assertArrayEquals(scaled(gradient(i), scale), update(i, after[i]), TOL, NAMES[i]);
    }
  }

  /** GC by hand on the fixture, centralized per output channel. */
  @Test
  void centralizeAloneMatchesItsDefinition() {
    float[][] after = oneStep(g -> new GradientDescent(g, 1f), GradientCentralization.gc());
    assertArrayEquals(centralized(gradient(0)), update(0, after[0]), TOL);
    assertArrayEquals(centralized(gradient(1)), update(1, after[1]), TOL);
  }

  /**
   * Framework optimizers build their slots for scoped variables; getSlot finds them by the variable
   * itself.
   */
  @Test
  void slotsOfScopedVariablesAreCreated() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<Variable<TFloat32>> vars = scopedVariables(tf);
      TransformedOptimizer adam =
          GradientCentralization.wrap(new org.tensorflow.framework.optimizers.Adam(graph, LR));
      Op step = adam.minimize(loss(tf, vars), vars);
      session.initialize();
      run(session, step);
      for (Variable<TFloat32> variable : vars) {
        for (String slot : List.of("m", "v")) {
          Variable<TFloat32> s = adam.getSlot(variable.asOutput(), slot).orElseThrow();
          assertEquals(variable.op().name().replace('/', '_') + "-" + slot, s.op().name());
          assertTrue(
              maxAbsDifference(new float[(int) s.shape().size()], fetch(session, s)) > 0,
              slot + " was updated");
        }
      }
    }
  }

  private static List<Variable<TFloat32>> scopedVariables(Ops tf) {
    Ops init = tf.withInitScope();
    List<Variable<TFloat32>> vars = new ArrayList<>();
    for (int i = 0; i < NAMES.length; i++) {
      String[] scopeAndName = NAMES[i].split("/");
      vars.add(
          init.withSubScope(scopeAndName[0])
              .withName(scopeAndName[1])
              .variable(constant(init, SHAPES[i], INITIAL[i])));
    }
    return vars;
  }

  private static Operand<TFloat32> loss(Ops tf, List<Variable<TFloat32>> vars) {
    Operand<TFloat32> sum = tf.constant(0f);
    for (Variable<TFloat32> v : vars) {
      sum = tf.math.add(sum, sumOfSquares(tf, v));
    }
    return sum;
  }

  /** The variables after one step of {@code optimizer} on the loss, with {@code transformers}. */
  private static float[][] oneStep(
      Function<Graph, Optimizer> optimizer, GradientTransformer... transformers) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<Variable<TFloat32>> vars = scopedVariables(tf);
      Op step =
          TransformedOptimizer.of(optimizer.apply(graph), transformers)
              .minimize(loss(tf, vars), vars);
      session.initialize();
      run(session, step);
      return values(session, vars);
    }
  }

  /** The variables after one step of {@code optimizer} fed {@code gradients} as constants. */
  private static float[][] oneStepOn(Function<Graph, Optimizer> optimizer, float[][] gradients) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<Variable<TFloat32>> vars = scopedVariables(tf);
      List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) {
        pairs.add(
            new GradAndVar<>(
                constant(tf, SHAPES[i], gradients[i]).asOutput(), vars.get(i).asOutput()));
      }
      Op step = TransformedOptimizer.of(optimizer.apply(graph)).applyGradients(pairs, "step");
      session.initialize();
      run(session, step);
      return values(session, vars);
    }
  }

  private static float[][] values(Session session, List<Variable<TFloat32>> vars) {
    return vars.stream().map(v -> fetch(session, v)).toArray(float[][]::new);
  }

  private static float[] gradient(int i) {
    return scaled(INITIAL[i], 2f);
  }

  /** What the step subtracted from variable {@code i}. */
  private static float[] update(int i, float[] after) {
    float[] update = new float[after.length];
    for (int j = 0; j < after.length; j++) {
      update[j] = INITIAL[i][j] - after[j];
    }
    return update;
  }

  /**
   * Means over every axis but the last (row-major: the channel is the index modulo the channels).
   */
  private static double[] channelMeans(float[] values) {
    double[] means = new double[CHANNELS];
    for (int j = 0; j < values.length; j++) {
      means[j % CHANNELS] += values[j] / (values.length / (double) CHANNELS);
    }
    return means;
  }

  private static float[] centralized(float[] g) {
    double[] means = channelMeans(g);
    float[] out = new float[g.length];
    for (int j = 0; j < g.length; j++) {
      out[j] = (float) (g[j] - means[j % CHANNELS]);
    }
    return out;
  }

  private static float[] clipped(float[] g, float limit) {
    float[] out = new float[g.length];
    for (int j = 0; j < g.length; j++) {
      out[j] = Math.max(-limit, Math.min(limit, g[j]));
    }
    return out;
  }

  private static float[] scaled(float[] g, float factor) {
    float[] out = new float[g.length];
    for (int j = 0; j < g.length; j++) {
      out[j] = g[j] * factor;
    }
    return out;
  }

  private static double norm(float[] g) {
    double sum = 0;
    for (float x : g) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    double max = 0;
    for (int j = 0; j < a.length; j++) {
      max = Math.max(max, Math.abs(a[j] - b[j]));
    }
    return max;
  }
}
