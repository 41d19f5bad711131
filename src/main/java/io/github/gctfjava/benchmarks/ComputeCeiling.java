package io.github.gctfjava.benchmarks;

import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * This machine's compute limit as TF reaches it: the median rate of a large float32 matmul through
 * TF's own kernels and thread pools, the best case for dense arithmetic that a training step's
 * convolutions approach.
 */
public final class ComputeCeiling {
  private ComputeCeiling() {}

  /**
   * @param n the matrices' side ({@code 4096}: large enough that TF's matmul runs at its peak)
   * @param repeats timed runs after one warm-up; the median is returned
   * @return GFLOP/s, counting {@code 2 n^3} per product
   */
  public static double gflops(int n, int repeats) {
    if (n < 1 || repeats < 1) {
      throw new IllegalArgumentException(
          "need n >= 1 and repeats >= 1, got n=" + n + ", repeats=" + repeats);
    }
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Ops init = tf.withInitScope();
      Variable<TFloat32> a =
          init.variable(
              init.random.randomUniform(init.constant(new long[] {n, n}), TFloat32.class));
      Variable<TFloat32> b =
          init.variable(
              init.random.randomUniform(init.constant(new long[] {n, n}), TFloat32.class));
      // The mean keeps the fetched result a scalar, so that copying it out costs nothing.
      var product =
          tf.math.mean(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}), Mean.keepDims(false));
      session.initialize();
      double[] seconds = new double[repeats];
      for (int i = -1; i < repeats; i++) {
        long start = System.nanoTime();
        session.runner().fetch(product).run().close();
        if (i >= 0) {
          seconds[i] = (System.nanoTime() - start) / 1e9;
        }
      }
      Arrays.sort(seconds);
      double median =
          repeats % 2 == 1
              ? seconds[repeats / 2]
              : (seconds[repeats / 2 - 1] + seconds[repeats / 2]) / 2;
      return 2.0 * n * n * n / median / 1e9;
    }
  }
}
