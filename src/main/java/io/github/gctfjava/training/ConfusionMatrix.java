package io.github.gctfjava.training;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.Dataset;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A binary classifier's four counts at threshold 0.5, as Keras's {@code TrueNegatives}, {@code
 * FalsePositives}, {@code FalseNegatives} and {@code TruePositives} metrics accumulate them over a
 * dataset; label 1 is the positive class.
 */
public record ConfusionMatrix(
    long trueNegatives, long falsePositives, long falseNegatives, long truePositives) {

  /**
   * The counts of {@code model}'s predictions (inference mode) over the first epoch of {@code
   * dataset}.
   */
  public static ConfusionMatrix of(Model model, Dataset dataset) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> probabilities =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
      Placeholder<TInt64> labels = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
      Operand<TBool> predicted =
          tf.math.greater(
              tf.reshape(probabilities, tf.constant(new long[] {-1})), tf.constant(0.5f));
      Operand<TBool> actual = tf.math.equal(labels, tf.constant(1L));
      Operand<TBool> notPredicted = tf.math.logicalNot(predicted);
      Operand<TBool> notActual = tf.math.logicalNot(actual);
      Operand<TInt64> tn = count(tf, notActual, notPredicted);
      Operand<TInt64> fp = count(tf, notActual, predicted);
      Operand<TInt64> fn = count(tf, actual, notPredicted);
      Operand<TInt64> tp = count(tf, actual, predicted);
      long[] sums = new long[4];
      for (Iterator<Batch> batches = dataset.epoch(0); batches.hasNext(); ) {
        try (Batch batch = batches.next();
            TFloat32 batchProbabilities = model.predict(batch.images());
            Result result =
                session
                    .runner()
                    .feed(probabilities, batchProbabilities)
                    .feed(labels, batch.labels())
                    .fetch(tn)
                    .fetch(fp)
                    .fetch(fn)
                    .fetch(tp)
                    .run()) {
          for (int i = 0; i < sums.length; i++) {
            sums[i] += ((TInt64) result.get(i)).getLong();
          }
        }
      }
      return new ConfusionMatrix(sums[0], sums[1], sums[2], sums[3]);
    }
  }

  private static Operand<TInt64> count(Ops tf, Operand<TBool> a, Operand<TBool> b) {
    return tf.sum(tf.dtypes.cast(tf.math.logicalAnd(a, b), TInt64.class), tf.constant(0));
  }

  /**
   * The counts as a table, rows the true class, columns the predicted one:
   *
   * <pre>
   *                predicted horses  predicted humans
   * true horses                  90                 7
   * true humans                  12                84
   * </pre>
   */
  public String table(List<String> classNames) {
    String row = "%-12s %17s %17s%n";
    return String.format(
            Locale.ROOT,
            row,
            "",
            "predicted " + classNames.get(0),
            "predicted " + classNames.get(1))
        + String.format(
            Locale.ROOT, row, "true " + classNames.get(0), trueNegatives, falsePositives)
        + String.format(
            Locale.ROOT, row, "true " + classNames.get(1), falseNegatives, truePositives);
  }

  /** The number of examples counted. */
  public long total() {
    return trueNegatives + falsePositives + falseNegatives + truePositives;
  }
}
