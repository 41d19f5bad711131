package io.github.gctfjava.optimizers;

import static io.github.gctfjava.optimizers.GraphFixtures.fetch;
import static io.github.gctfjava.optimizers.GraphFixtures.run;
import static io.github.gctfjava.optimizers.GraphFixtures.sumOfSquares;
import static io.github.gctfjava.optimizers.GraphFixtures.variable;
import static io.github.gctfjava.optimizers.KerasRMSpropReference.centralizeColumns;
import static io.github.gctfjava.optimizers.KerasRMSpropReference.twice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class GCRMSpropTest {
  private static final float TOL = 1e-6f;
  private static final float LR = 0.01f;
  private static final float[] KERNEL = {1f, 2f, 3f, 6f};
  private static final float[] BIAS = {0.5f, -1.0f};

  @Test
  void firstStepMatchesHandComputationOnCentralizedGradients() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = variable(tf, "w", Shape.of(2, 2), KERNEL);
      GCRMSprop optimizer = new GCRMSprop(graph, LR);
      Op step = optimizer.minimize(sumOfSquares(tf, w), List.of(w));
      session.initialize();
      run(session, step);

      assertFirstCentralizedStep(session, optimizer, w);
    }
  }

  /** The framework's one-argument minimize also goes through the centralizing getGradients. */
  @Test
  void frameworkMinimizeCentralizesToo() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = variable(tf, "w", Shape.of(2, 2), KERNEL);
      GCRMSprop optimizer = new GCRMSprop(graph, LR);
      Op step = optimizer.minimize(sumOfSquares(tf, w));
      session.initialize();
      run(session, step);

      assertFirstCentralizedStep(session, optimizer, w);
    }
  }

  @Test
  void biasUpdateIsRMSpropsAndKernelUpdateIsNot() {
    float[][] rms = trainKernelAndBias(RMSprop::new);
    float[][] gc = trainKernelAndBias(GCRMSprop::new);
    assertArrayEquals(rms[1], gc[1], 0f, "bias (rank 1) updates are identical");
    assertTrue(Math.abs(rms[0][0] - gc[0][0]) > 0.01f, "kernel updates differ");
  }

  /**
   * An RMSprop and a GCRMSprop created one after the other in one graph, both training the same
   * variable: distinct names, distinct slot variables, and each keeps its own rms.
   */
  @Test
  void twoOptimizersShareAGraph() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = variable(tf, "w", Shape.of(2, 2), KERNEL);
      Operand<TFloat32> loss = sumOfSquares(tf, w);
      RMSprop plain = new RMSprop(graph, LR);
      GCRMSprop centralized = new GCRMSprop(graph, LR);
      Op plainStep = plain.minimize(loss, List.of(w));
      Op centralizedStep = centralized.minimize(loss, List.of(w));
      session.initialize();

      assertEquals("RMSprop", plain.getOptimizerName());
      assertEquals("GCRMSprop", centralized.getOptimizerName());
      String plainRms = plain.getSlot(w.asOutput(), "rms").orElseThrow().op().name();
      String centralizedRms = centralized.getSlot(w.asOutput(), "rms").orElseThrow().op().name();
      assertNotEquals(plainRms, centralizedRms, "slot variables are distinct");
      List<String> variables = new ArrayList<>();
      graph
          .operations()
          .forEachRemaining(
              op -> {
                if (op.type().equals("VariableV2")) {
                  variables.add(op.name());
                }
              });
      assertEquals(3, variables.size(), "w and one rms slot per optimizer: " + variables);
      assertEquals(variables.size(), new HashSet<>(variables).size(), "names are unique");

      float[] expected = KERNEL.clone();
      KerasRMSpropReference plainKeras = reference(4);
      KerasRMSpropReference centralizedKeras = reference(4);
      for (Op step : List.of(plainStep, centralizedStep, plainStep)) {
        run(session, step);
        if (step == plainStep) {
          plainKeras.step(expected, twice(expected));
        } else {
          centralizedKeras.step(expected, centralizeColumns(twice(expected), 2));
        }
        assertArrayEquals(expected, fetch(session, w), TOL, "w after " + step.op().name());
      }
    }
  }

  @Test
  void twoOptimizersWithTheSameNameShareAGraph() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> a = variable(tf, "a", Shape.of(2, 2), KERNEL);
      Variable<TFloat32> b = variable(tf, "b", Shape.of(2, 2), KERNEL);
      Op stepA = new GCRMSprop(graph, LR).minimize(sumOfSquares(tf, a), List.of(a));
      Op stepB = new GCRMSprop(graph, LR).minimize(sumOfSquares(tf, b), List.of(b));
      session.initialize();
      run(session, stepA);
      run(session, stepB);

      assertArrayEquals(fetch(session, a), fetch(session, b), 0f, "same update on a and b");
    }
  }

  /** w = [[1,2],[3,6]], g = 2w = [[2,4],[6,12]], centralized [[-2,-4],[2,4]], rms = 0.1 gc^2. */
  private static void assertFirstCentralizedStep(Session session, RMSprop optimizer, Operand<?> w) {
    assertArrayEquals(
        new float[] {0.4f, 1.6f, 0.4f, 1.6f},
        fetch(session, optimizer.getSlot(w.asOutput(), "rms").orElseThrow()),
        TOL,
        "rms = 0.1 * centralized g^2");
    // Each element moves by lr * sign(gc) / sqrt(0.1) = 0.0316227..., against the centralized sign.
    assertArrayEquals(
        new float[] {1.0316228f, 2.0316228f, 2.9683772f, 5.9683772f},
        fetch(session, w),
        TOL,
        "w after one step");
  }

  /** One step on loss sum(kernel^2) + sum(bias^2); returns {kernel, bias}. */
  private static float[][] trainKernelAndBias(BiFunction<Graph, Float, RMSprop> optimizer) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> kernel = variable(tf, "kernel", Shape.of(2, 2), KERNEL);
      Variable<TFloat32> bias = variable(tf, "bias", Shape.of(2), BIAS);
      Operand<TFloat32> loss = tf.math.add(sumOfSquares(tf, kernel), sumOfSquares(tf, bias));
      Op step = optimizer.apply(graph, LR).minimize(loss, List.of(kernel, bias));
      session.initialize();
      run(session, step);
      return new float[][] {fetch(session, kernel), fetch(session, bias)};
    }
  }

  private static KerasRMSpropReference reference(int size) {
    return new KerasRMSpropReference(
        size, LR, RMSprop.RHO_DEFAULT, 0f, RMSprop.EPSILON_DEFAULT, false);
  }
}
