package io.github.gctfjava.optimizers;

import static io.github.gctfjava.optimizers.GraphFixtures.constant;
import static io.github.gctfjava.optimizers.GraphFixtures.fetch;
import static io.github.gctfjava.optimizers.GraphFixtures.fetchShape;
import static io.github.gctfjava.optimizers.GraphFixtures.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class GradientCentralizationTest {
  private static final float TOL = 1e-6f;

  @Test
  void rankOneGradientIsReturnedUnchanged() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> bias = constant(tf, Shape.of(3), 1f, 2f, 6f);
      Operand<TFloat32> centralized = GradientCentralization.centralize(tf, bias);
      assertSame(bias, centralized, "rank 1 gradients are not centralized");
      assertArrayEquals(new float[] {1f, 2f, 6f}, fetch(session, centralized), TOL);
    }
  }

  @Test
  void rankTwoGradientLosesItsColumnMeans() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      // Column means over axis 0: (1+3)/2 = 2 and (2+6)/2 = 4.
      Operand<TFloat32> g = constant(tf, Shape.of(2, 2), 1f, 2f, 3f, 6f);
      Operand<TFloat32> centralized = GradientCentralization.centralize(tf, g);
      assertArrayEquals(
          new float[] {-1f, -2f, 1f, 2f}, fetch(session, centralized), TOL, "[[1,2],[3,6]]");
    }
  }

  @Test
  void rankFourGradientHasZeroMeanPerOutputChannel() {
    float[] values = {1f, 5f, 2f, -3f, 4f, 0.5f, 7f, 9f};
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> g = constant(tf, Shape.of(2, 2, 1, 2), values);
      Operand<TFloat32> centralized = GradientCentralization.centralize(tf, g);

      assertEquals(Shape.of(2, 2, 1, 2), fetchShape(session, centralized), "shape is kept");
      // Channel 0 holds 1, 2, 4, 7 (mean 3.5); channel 1 holds 5, -3, 0.5, 9 (mean 2.875).
      float[] expected = {-2.5f, 2.125f, -1.5f, -5.875f, 0.5f, -2.375f, 3.5f, 6.125f};
      float[] actual = fetch(session, centralized);
      assertArrayEquals(expected, actual, TOL, "hand-computed centralized values");
      for (int channel = 0; channel < 2; channel++) {
        assertEquals(0f, meanOfChannel(actual, 2, channel), TOL, "mean of channel " + channel);
      }
    }
  }

  @Test
  void unknownRankIsRejected() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> unknown = tf.placeholder(TFloat32.class);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> GradientCentralization.centralize(tf, unknown));
      assertTrue(e.getMessage().contains(unknown.op().name()), e.getMessage());
    }
  }

  /**
   * A conv2d (kernel [3,3,1,2] + bias) and a dense layer (kernel [8,1] + bias) with a squared-error
   * loss: the real gradients of its kernels lose their per-output mean, the biases keep theirs.
   */
  @Test
  void convAndDenseGradientsAreCentralizedAndBiasesKept() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> convKernel =
          variable(tf, "conv2d_kernel", Shape.of(3, 3, 1, 2), wave(18, 0.3f));
      Variable<TFloat32> convBias = variable(tf, "conv2d_bias", Shape.of(2), 0.1f, -0.2f);
      Variable<TFloat32> denseKernel = variable(tf, "dense_kernel", Shape.of(8, 1), wave(8, 0.7f));
      Variable<TFloat32> denseBias = variable(tf, "dense_bias", Shape.of(1), 0.05f);
      Operand<TFloat32> images = constant(tf, Shape.of(2, 4, 4, 1), wave(32, 1.1f));
      Operand<TFloat32> conv =
          tf.math.tanh(
              tf.nn.biasAdd(
                  tf.nn.conv2d(images, convKernel, List.of(1L, 1L, 1L, 1L), "VALID"), convBias));
      Operand<TFloat32> flat = tf.reshape(conv, tf.constant(new int[] {2, 8}));
      Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(flat, denseKernel), denseBias);
      Operand<TFloat32> labels = constant(tf, Shape.of(2, 1), 1f, 0f);
      Operand<TFloat32> loss =
          tf.math.mean(tf.math.square(tf.math.sub(logits, labels)), tf.constant(new int[] {0, 1}));
      List<Variable<TFloat32>> params = List.of(convKernel, convBias, denseKernel, denseBias);

      List<GradAndVar<?>> raw = new RMSprop(graph, 0.01f).getGradients(loss, params);
      List<GradAndVar<?>> centralized = new GCRMSprop(graph, 0.01f).getGradients(loss, params);
      session.initialize();

      assertKernelCentralized(
          fetch(session, raw.get(0).getGradient()),
          fetch(session, centralized.get(0).getGradient()),
          2);
      assertKernelCentralized(
          fetch(session, raw.get(2).getGradient()),
          fetch(session, centralized.get(2).getGradient()),
          1);
      for (int bias : new int[] {1, 3}) {
        assertArrayEquals(
            fetch(session, raw.get(bias).getGradient()),
            fetch(session, centralized.get(bias).getGradient()),
            0f,
            "bias gradients are left as they are");
      }
      for (int i = 0; i < params.size(); i++) {
        assertSame(params.get(i).asOutput(), centralized.get(i).getVariable(), "order kept");
      }
    }
  }

  /** Centralized = raw minus its per-channel mean, that mean was not already zero, and now is. */
  private static void assertKernelCentralized(float[] raw, float[] centralized, int channels) {
    for (int c = 0; c < channels; c++) {
      float rawMean = meanOfChannel(raw, channels, c);
      assertTrue(Math.abs(rawMean) > 1e-4f, "raw mean of channel " + c + " is " + rawMean);
      assertEquals(0f, meanOfChannel(centralized, channels, c), TOL, "mean of channel " + c);
      for (int i = c; i < raw.length; i += channels) {
        assertEquals(raw[i] - rawMean, centralized[i], TOL, "element " + i);
      }
    }
  }

  /** Mean over all axes but the last of a row-major tensor whose last axis has size channels. */
  private static float meanOfChannel(float[] values, int channels, int channel) {
    double sum = 0;
    for (int i = channel; i < values.length; i += channels) {
      sum += values[i];
    }
    return (float) (sum / (values.length / channels));
  }

  /** Deterministic, uneven values in [-1, 1]. */
  private static float[] wave(int n, float frequency) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) Math.sin(frequency * (i + 1));
    }
    return values;
  }
}
