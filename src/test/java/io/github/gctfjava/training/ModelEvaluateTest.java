package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Flatten;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/**
 * {@link Model#evaluate} against the mean cross-entropy and accuracy computed by hand for the
 * {@link Probe} model on five one-colour images in batches of 2, 2 and 1.
 */
class ModelEvaluateTest {
  /** float32 graph arithmetic on values of order 1. */
  private static final double TOLERANCE = 1e-6;

  private static ImageSplit split;

  @BeforeAll
  static void createSplit() {
    split = Probe.split();
  }

  @AfterAll
  static void closeSplit() {
    split.close();
  }

  @Test
  void handComputedExampleIsWhatTheTestAssumes() {
    // logits 1.7, -1.3, 0.2, 0.1, -0.3 for labels 1, 1, 0, 1, 0: right, wrong, wrong, right, right
    double[] logits = {1.7, -1.3, 0.2, 0.1, -0.3};
    for (int i = 0; i < logits.length; i++) {
      assertEquals(
          logits[i], Probe.logit(i, Probe.KERNEL, Probe.BIAS), 1e-6, "logit of image " + i);
    }
    // by hand: log(1+e^-1.7)=0.167786, log(1+e^1.3)=1.541008, log(1+e^0.2)=0.798139,
    // log(1+e^-0.1)=0.644397, log(1+e^-0.3)=0.554355 -> mean 0.741137
    double[] expected = Probe.expected(Probe.KERNEL, Probe.BIAS);
    assertEquals(0.741137, expected[0], 1e-6);
    assertEquals(0.6, expected[1], 1e-12);
  }

  /**
   * Batches of 2, 2 and 1: Keras's evaluate weights each batch's mean by its size. The unweighted
   * mean of the batch means (loss 0.710007, accuracy 2/3) would be off by 0.03 and 0.07.
   */
  @Test
  void evaluateWithPartialLastBatchIsTheMeanOverExamples() {
    try (Sequential model = Probe.handSet(false, 1e-3f, 11);
        Pipeline ds = Probe.validation(split, Probe.BATCH)) {
      assertEquals(3, ds.steps());
      Map<String, Double> result = model.evaluate(ds, 0, System.out);
      assertEquals(List.of("loss", "accuracy"), List.copyOf(result.keySet()));
      assertEquals(0.741137, result.get("loss"), 1e-6);
      assertEquals(0.6, result.get("accuracy"), TOLERANCE);
      double[] expected = Probe.expected(Probe.KERNEL, Probe.BIAS);
      assertEquals(expected[0], result.get("loss"), TOLERANCE);
      assertEquals(expected[1], result.get("accuracy"), TOLERANCE);
    }
  }

  @Test
  void batchSizeDoesNotChangeTheResult() {
    try (Sequential model = Probe.handSet(false, 1e-3f, 11)) {
      double[] expected = Probe.expected(Probe.KERNEL, Probe.BIAS);
      for (int batchSize : new int[] {1, 3, 5, 8}) {
        try (Pipeline ds = Probe.validation(split, batchSize)) {
          Map<String, Double> result = model.evaluate(ds, 0, System.out);
          assertEquals(expected[0], result.get("loss"), TOLERANCE, "loss, batches of " + batchSize);
          assertEquals(
              expected[1], result.get("accuracy"), TOLERANCE, "accuracy, batches of " + batchSize);
        }
      }
    }
  }

  /** The batches evaluate reads are the five images in order: 2, 2, then the partial 1. */
  @Test
  void validationBatchesAreTheImagesInOrder() {
    try (Pipeline ds = Probe.validation(split, Probe.BATCH)) {
      int[] sizes = new int[3];
      int b = 0;
      for (Iterator<Batch> batches = ds.epoch(0); batches.hasNext(); b++) {
        try (Batch batch = batches.next()) {
          sizes[b] = batch.size();
        }
      }
      assertEquals(3, b);
      assertEquals(List.of(2, 2, 1), List.of(sizes[0], sizes[1], sizes[2]));
    }
  }

  /**
   * Dropout is off in evaluate: the Dropout(0.5) model gives the hand-computed figures of the model
   * without it, and the same figures every time. In training mode (train_on_batch with learning
   * rate 0, which leaves the weights as they are) the same batch gives another loss: image 0's only
   * non-zero feature is either dropped (logit -0.3) or doubled (3.7), never 1.7.
   */
  @Test
  void evaluateRunsWithDropoutOffAndRepeatsExactly() {
    try (Sequential model = Probe.handSet(true, 0f, 11);
        Pipeline ds = Probe.validation(split, Probe.BATCH);
        Pipeline whole = Probe.validation(split, 5)) {
      double[] expected = Probe.expected(Probe.KERNEL, Probe.BIAS);
      Map<String, Double> first = model.evaluate(ds, 0, System.out);
      Map<String, Double> second = model.evaluate(ds, 0, System.out);
      assertEquals(
          first, second, "evaluate twice on the same data gives the same figures, digit for digit");
      assertEquals(expected[0], first.get("loss"), TOLERANCE);
      assertEquals(expected[1], first.get("accuracy"), TOLERANCE);

      Map<String, Double> training;
      Iterator<Batch> batches = whole.epoch(0);
      try (Batch batch = batches.next()) {
        training = model.trainOnBatch(batch.images(), batch.labels());
      }
      assertTrue(
          Math.abs(training.get("loss") - expected[0]) > 1e-3,
          "training mode applies dropout: loss "
              + training.get("loss")
              + " vs inference "
              + expected[0]);
      float[] weights = Probe.weights(model);
      assertEquals(
          List.of(2f, -1f, 0.5f, -0.3f),
          List.of(weights[0], weights[1], weights[2], weights[3]),
          "learning rate 0 leaves the weights");
      assertEquals(
          first,
          model.evaluate(ds, 0, System.out),
          "and evaluate after it still gives the same figures");
    }
  }

  /**
   * Keras prints evaluate's bar with the figures it returns: {@code 3/3 [====] - 0s 2ms/step -
   * loss: ... }.
   */
  @Test
  void verboseOnePrintsKerasBarWithTheFigures() {
    StaticProgbar.Printed<Map<String, Double>> printed =
        StaticProgbar.capture(
            out -> {
              try (Sequential model = Probe.handSet(false, 1e-3f, 11);
                  Pipeline ds = Probe.validation(split, Probe.BATCH)) {
                return model.evaluate(ds, 1, out);
              }
            });
    Map<String, Double> result = printed.value();
    List<String> lines = printed.lines();
    assertEquals(1, lines.size(), String.join("\n", lines));
    String line = lines.get(0);
    assertTrue(
        Pattern.compile(
                "3/3 \\[={30}\\] - \\d+s \\d+(s|ms|us)/step - loss: 0\\.7411 - accuracy: 0\\.6000")
            .matcher(line)
            .matches(),
        line);
    assertTrue(
        line.endsWith(
            String.format(
                Locale.ROOT,
                "loss: %.4f - accuracy: %.4f",
                result.get("loss"),
                result.get("accuracy"))),
        line);
  }

  @Test
  void verboseZeroPrintsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Sequential model = Probe.handSet(false, 1e-3f, 11);
        Pipeline ds = Probe.validation(split, Probe.BATCH);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      model.evaluate(ds, 0, out);
    }
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void evaluateRefusesAnUncompiledModel() {
    try (Sequential model =
            new Sequential(
                "probe", Shape.of(300, 300, 3), List.of(new Flatten(), new Dense(1, "sigmoid")));
        Pipeline ds = Probe.validation(split, Probe.BATCH)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> model.evaluate(ds, 0, System.out));
      assertTrue(e.getMessage().contains("compile"), e.getMessage());
    }
  }
}
