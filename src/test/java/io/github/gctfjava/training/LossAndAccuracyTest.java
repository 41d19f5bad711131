package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's binary_crossentropy and binary accuracy against hand-computed values. */
class LossAndAccuracyTest {
  private static final double TOLERANCE = 1e-6;

  /**
   * Runs loss and accuracy for labels y and logits z, fed through a Sigmoid as the model's output.
   */
  private static float[] lossAndAccuracy(float[] y, float[] z) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> yTrue = tf.reshape(tf.constant(y), tf.constant(new long[] {-1, 1}));
      Operand<TFloat32> yPred =
          tf.math.sigmoid(tf.reshape(tf.constant(z), tf.constant(new long[] {-1, 1})));
      try (Result r =
          s.runner()
              .fetch(Model.binaryCrossentropy(tf, yTrue, yPred))
              .fetch(Model.binaryAccuracy(tf, yTrue, yPred))
              .run()) {
        return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
      }
    }
  }

  /** -[y log p + (1-y) log(1-p)] with p = sigmoid(z), written as Keras's stable logits form. */
  private static double bce(double y, double z) {
    return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }

  @Test
  void batchOfThreeMatchesHandComputation() {
    float[] y = {1, 0, 1};
    float[] z = {0.5f, -1.0f, -2.0f};
    float[] result = lossAndAccuracy(y, z);
    double expected = (bce(1, 0.5) + bce(0, -1.0) + bce(1, -2.0)) / 3;
    // by hand: log(1+e^-0.5)=0.474077, log(1+e^-1)=0.313262, log(1+e^2)=2.126928 -> mean 0.971422
    assertEquals(0.971422, expected, 1e-6);
    assertEquals(expected, result[0], TOLERANCE);
    // predictions 0.62 (right), 0.27 (right), 0.12 for a human (wrong): 2 of 3
    assertEquals(2.0 / 3, result[1], TOLERANCE);
  }

  @Test
  void probabilityExactlyHalfCountsAsHorse() {
    // logit 0 gives p = 0.5 exactly; Keras thresholds with p > 0.5, so it predicts class 0
    float[] result = lossAndAccuracy(new float[] {0, 1}, new float[] {0, 0});
    assertEquals(Math.log(2), result[0], TOLERANCE);
    assertEquals(0.5, result[1], TOLERANCE);
  }

  @Test
  void extremeLogitsStayFiniteAsKerasLogitsPathDoes() {
    // p = sigmoid(40) rounds to 1 in float32; the logits form still gives 40 for the wrong label
    float[] result = lossAndAccuracy(new float[] {0}, new float[] {40});
    assertEquals(40.0, result[0], 1e-4);
  }

  @Test
  void epochMeansWeightBatchesBySize() {
    Model.EpochMeans means = new Model.EpochMeans();
    for (int i = 0; i < 8; i++) {
      means.add(128, 0.5, 0.75);
    }
    means.add(3, 1.5, 0.0);
    Map<String, Double> logs = means.logs(true);
    assertEquals((8 * 128 * 0.5 + 3 * 1.5) / 1027, logs.get("loss"), 1e-12);
    assertEquals((8 * 128 * 0.75) / 1027, logs.get("accuracy"), 1e-12);
  }
}
