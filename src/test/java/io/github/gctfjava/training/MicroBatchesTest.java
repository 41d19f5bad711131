package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gctfjava.layers.Conv2D;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.layers.MaxPooling2D;
import io.github.gctfjava.optimizers.GCRMSprop;
import io.github.gctfjava.optimizers.RMSprop;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A step run as micro-batches is the whole batch's step: the same loss, accuracy and updated
 * weights, up to the order of float sums.
 */
class MicroBatchesTest {
  /**
   * Float32 sums in another order: the Probe's figures are a handful of terms, the small CNN's
   * gradients a few thousand.
   */
  private static final double TOLERANCE = 1e-6;

  /**
   * The Probe (five one-colour images): the loss and accuracy of a step in {@code n} micro-batches
   * are the hand-computed means over all five, and RMSprop's update equals the unsplit step's.
   * Seven micro-batches of five images leave two of them empty.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5, 7})
  void probeStepInMicroBatchesIsTheWholeBatchs(int n) {
    double[] expected = Probe.expected(Probe.KERNEL, Probe.BIAS);
    float[] whole = probeStep(1, expected);
    float[] split = probeStep(n, expected);
    for (int i = 0; i < whole.length; i++) {
      assertEquals(whole[i], split[i], TOLERANCE, "weight " + i + ", " + n + " micro-batches");
    }
  }

  /** Returns the Dense kernel and bias after one step, checking the step's figures. */
  private static float[] probeStep(int n, double[] expected) {
    try (Sequential model = probe(n);
        TFloat32 images = probeImages();
        TInt64 labels = TInt64.vectorOf(Probe.LABELS)) {
      Probe.setWeights(model, Probe.KERNEL, Probe.BIAS);
      Map<String, Double> logs = model.trainOnBatch(images, labels);
      assertEquals(expected[0], logs.get("loss"), TOLERANCE, "loss, " + n + " micro-batches");
      assertEquals(expected[1], logs.get("accuracy"), TOLERANCE, "accuracy, " + n);
      return Probe.weights(model);
    }
  }

  private static Sequential probe(int n) {
    Sequential model =
        new Sequential(
            "probe",
            Shape.of(300, 300, 3),
            List.of(new MaxPooling2D(300), new Flatten(), new Dense(1, "sigmoid")));
    model.setSeed(3);
    model.setMicroBatches(n);
    model.compile("binary_crossentropy", new RMSprop(model.graph(), 0.01f), "accuracy");
    return model;
  }

  /** The five images, rescaled as the pipeline feeds them. */
  private static TFloat32 probeImages() {
    int pixels = 300 * 300;
    float[] values = new float[Probe.RGB.length * pixels * 3];
    for (int i = 0; i < Probe.RGB.length; i++) {
      for (int p = 0; p < pixels; p++) {
        for (int c = 0; c < 3; c++) {
          values[(i * pixels + p) * 3 + c] = Probe.RGB[i][c] * (float) (1.0 / 255);
        }
      }
    }
    return TFloat32.tensorOf(Shape.of(Probe.RGB.length, 300, 300, 3), DataBuffers.of(values));
  }

  /**
   * A small CNN trained three steps: every weight after them is the unsplit run's. Plain gradient
   * descent shows the gradients' scale (RMSprop's first steps hardly depend on it); GCRMSprop,
   * whose get_gradients centralizes, the path through an optimizer's gradient hook. Batches of 5 in
   * 2 micro-batches are 2 + 3 images; in 7, two of them are empty (oneDNN's convolutions refuse an
   * empty batch, so those run on a row with weight 0).
   */
  @ParameterizedTest
  @CsvSource({"sgd, 2", "sgd, 7", "gc-rmsprop, 2"})
  void convolutionsTrainAsTheWholeBatch(String optimizer, int n) {
    List<float[]> whole = cnnWeightsAfterSteps(optimizer, 1);
    List<float[]> split = cnnWeightsAfterSteps(optimizer, n);
    for (int w = 0; w < whole.size(); w++) {
      float[] a = whole.get(w);
      float[] b = split.get(w);
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], TOLERANCE, "weight " + w + " element " + i);
      }
    }
  }

  private static List<float[]> cnnWeightsAfterSteps(String optimizer, int n) {
    Random random = new Random(17);
    try (Sequential model =
        new Sequential(
            "small_cnn",
            Shape.of(12, 12, 3),
            List.of(
                new Conv2D(4, 3, "relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(8, "relu"),
                new Dense(1, "sigmoid")))) {
      model.setSeed(5);
      model.setMicroBatches(n);
      model.compile(
          "binary_crossentropy",
          optimizer.equals("sgd")
              ? new GradientDescent(model.graph(), 0.5f)
              : new GCRMSprop(model.graph(), 0.01f),
          "accuracy");
      for (int step = 0; step < 3; step++) {
        float[] pixels = new float[5 * 12 * 12 * 3];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = random.nextFloat();
        }
        long[] labels = {1, 0, 0, 1, 1};
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(5, 12, 12, 3), DataBuffers.of(pixels));
            TInt64 y = TInt64.vectorOf(labels)) {
          model.trainOnBatch(x, y);
        }
      }
      return WeightValues.of(model);
    }
  }

  @Test
  void refusesFewerThanOneMicroBatch() {
    try (Sequential model = probe(1)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> model.setMicroBatches(0));
      assertEquals("microBatches must be at least 1, got 0", e.getMessage());
    }
  }
}
