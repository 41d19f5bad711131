package io.github.gctfjava.training;

import io.github.gctfjava.layers.CallContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A training step's batch run as {@code n} micro-batches, one after another, in one graph: the
 * second's forward pass waits for the first's gradients, so the activations a backward pass reads
 * are held for one micro-batch at a time, not the whole batch. The step's loss, accuracy and
 * gradients are those of the whole batch (each micro-batch's mean weighted by its share of the
 * batch), up to the order of float sums. Dropout draws each micro-batch's mask from a key of its
 * own ({@link CallContext#microBatch}), so the masks differ from an unsplit step's draw, with the
 * same distribution.
 *
 * @param loss the batch's mean loss
 * @param accuracy the batch's accuracy
 * @param gradientLoss a scalar whose gradient with respect to each weight is the batch's gradient,
 *     {@code sum(StopGradient(g) * w)}: what the optimizer's {@code get_gradients} is handed, so
 *     that an override of it (the example's {@code GCRMSprop}) sees the batch's gradient, not a
 *     micro-batch's
 */
record MicroBatches(
    Operand<TFloat32> loss, Operand<TFloat32> accuracy, Operand<TFloat32> gradientLoss) {

  /**
   * Builds the {@code n} micro-batch steps of a model on the batch {@code x}, {@code y}.
   *
   * @param call the model's training call on a micro-batch
   * @param weights the weights to differentiate
   */
  static MicroBatches of(
      Ops tf,
      BiFunction<Operand<TFloat32>, CallContext, Operand<TFloat32>> call,
      List<Variable<TFloat32>> weights,
      Operand<TFloat32> x,
      Operand<TInt64> y,
      CallContext context,
      int n) {
    Graph graph = (Graph) tf.scope().env();
    Output<?>[] variables = weights.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Operand<TInt64> batch = tf.shape.size(tf.shape(y, TInt64.class), TInt64.class);
    Operand<TFloat32> batchSize = tf.dtypes.cast(batch, TFloat32.class);
    Operand<TFloat32> loss = tf.constant(0f);
    Operand<TFloat32> accuracy = tf.constant(0f);
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Micro-batch i is rows [floor(N i / n), floor(N (i + 1) / n)) of the N in the batch.
      Operand<TInt64> begin = boundary(tf, batch, i, n);
      Operand<TInt64> end = boundary(tf, batch, i + 1, n);
      // A batch smaller than n leaves some micro-batches empty. oneDNN's convolutions mishandle
      // an empty batch, so such a micro-batch runs on its first row instead, with weight 0.
      Operand<TInt64> rows =
          tf.range(
              begin, tf.math.maximum(end, tf.math.add(begin, tf.constant(1L))), tf.constant(1L));
      // The control dependencies hold this micro-batch back until the previous one's gradients
      // are computed, so that its activations are freed first.
      Ops after =
          i == 0 ? tf : tf.withControlDependencyOps(gradients.stream().map(Operand::op).toList());
      Operand<TFloat32> xi = after.gather(x, rows, tf.constant(0));
      Operand<TInt64> yi = tf.gather(y, rows, tf.constant(0));
      Model.Figures own = Model.Figures.of(tf, yi, call.apply(xi, context.microBatch(i)));
      Operand<TFloat32> share =
          tf.math.div(tf.dtypes.cast(tf.math.sub(end, begin), TFloat32.class), batchSize);
      Operand<TFloat32> ownLoss = tf.math.mul(own.loss(), share);
      loss = tf.math.add(loss, ownLoss);
      accuracy = tf.math.add(accuracy, tf.math.mul(own.accuracy(), share));
      Output<?>[] ownGradients = graph.addGradients(ownLoss.asOutput(), variables);
      List<Operand<TFloat32>> sums = new ArrayList<>(variables.length);
      for (int v = 0; v < variables.length; v++) {
        Operand<TFloat32> g = ownGradients[v].expect(TFloat32.class);
        sums.add(i == 0 ? g : tf.math.add(gradients.get(v), g));
      }
      gradients = sums;
    }
    Operand<TFloat32> gradientLoss = tf.constant(0f);
    for (int v = 0; v < variables.length; v++) {
      Operand<TFloat32> product = tf.math.mul(tf.stopGradient(gradients.get(v)), weights.get(v));
      gradientLoss =
          tf.math.add(
              gradientLoss,
              tf.reduceSum(product, tf.range(tf.constant(0), tf.rank(product), tf.constant(1))));
    }
    return new MicroBatches(loss, accuracy, gradientLoss);
  }

  /** {@code floor(batch * i / n)}. */
  private static Operand<TInt64> boundary(Ops tf, Operand<TInt64> batch, int i, int n) {
    return tf.math.floorDiv(tf.math.mul(batch, tf.constant((long) i)), tf.constant((long) n));
  }
}
