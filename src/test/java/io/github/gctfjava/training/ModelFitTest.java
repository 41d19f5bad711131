package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.data.TestSplits;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.layers.Conv2D;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.layers.MaxPooling2D;
import io.github.gctfjava.optimizers.GCRMSprop;
import io.github.gctfjava.optimizers.RMSprop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * {@link Model#compile} and {@link Model#fit} on a tiny CNN and 10 traceable images through the
 * example's pipeline (batches of 4, 4 and 2, augmentation on).
 */
class ModelFitTest {
  private static final int EXAMPLES = 10;
  private static final int BATCH = 4;
  private static final int STEPS = 3;
  private static final float LEARNING_RATE = 1e-3f;

  private static ImageSplit split;
  private static Sequential augmentation;

  @BeforeAll
  static void createSplit() {
    split = TestSplits.traceable(EXAMPLES, i -> i % 2);
    augmentation = Augmentation.create();
  }

  @AfterAll
  static void closeSplit() {
    split.close();
    augmentation.close();
  }

  /**
   * Conv2D(2, 3) -> MaxPooling2D(8) -> Flatten -> Dropout(0.5) -> Dense(1, sigmoid): 2793 weights.
   */
  private static Sequential tinyModel(long seed) {
    Sequential model =
        new Sequential(
            "sequential",
            Shape.of(300, 300, 3),
            List.of(
                new Conv2D(2, 3, "relu"),
                new MaxPooling2D(8),
                new Flatten(),
                new Dropout(0.5),
                new Dense(1, "sigmoid")));
    model.setSeed(seed);
    return model;
  }

  private static Sequential compiled(long seed) {
    Sequential model = tinyModel(seed);
    model.compile("binary_crossentropy", new RMSprop(model.graph(), LEARNING_RATE), "accuracy");
    return model;
  }

  private static Pipeline pipeline(long seed) {
    return Pipeline.prepare(
        split, true, augmentation, Pipeline.Options.defaults(seed).withBatchSize(BATCH));
  }

  private static History fit(long seed, int epochs) {
    try (Sequential model = compiled(seed);
        Pipeline ds = pipeline(seed)) {
      return model.fit(ds, epochs, 0, List.of(), System.out);
    }
  }

  /** Every trainable weight's current value, read through the model's session. */
  static List<float[]> weights(Model model) {
    List<Variable<TFloat32>> variables = model.trainableWeights();
    Session.Runner runner = model.session().runner();
    variables.forEach(runner::fetch);
    List<float[]> values = new ArrayList<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < variables.size(); i++) {
        TFloat32 tensor = (TFloat32) result.get(i);
        float[] copy = new float[(int) tensor.shape().size()];
        tensor.copyTo(DataBuffers.of(copy));
        values.add(copy);
      }
    }
    return values;
  }

  private static void assertSameWeights(List<float[]> expected, List<float[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), 0f, what + ", weight " + i);
    }
  }

  private static boolean sameWeights(List<float[]> a, List<float[]> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void historyHoldsEveryEpochsLossAndAccuracy() {
    History history = fit(1, 3);
    assertEquals(List.of(0, 1, 2), history.epoch());
    assertEquals(List.of("loss", "accuracy"), List.copyOf(history.history().keySet()));
    List<Double> loss = history.history().get("loss");
    List<Double> accuracy = history.history().get("accuracy");
    assertEquals(3, loss.size());
    assertEquals(3, accuracy.size());
    for (int e = 0; e < 3; e++) {
      assertTrue(Double.isFinite(loss.get(e)) && loss.get(e) > 0, "loss " + loss.get(e));
      // The epoch accuracy is the share of 10 examples classified right: a multiple of 1/10.
      double correct = accuracy.get(e) * EXAMPLES;
      assertEquals(Math.rint(correct), correct, 1e-5, "accuracy " + accuracy.get(e) + " is k/10");
      assertTrue(accuracy.get(e) >= 0 && accuracy.get(e) <= 1);
    }
    assertEquals(loss.get(2), history.last("loss"), 0.0);
    assertThrows(IllegalArgumentException.class, () -> history.last("auc"));
  }

  @Test
  void sameSeedSameHistoryOtherSeedAnother() {
    Map<String, List<Double>> first = fit(7, 2).history();
    Map<String, List<Double>> second = fit(7, 2).history();
    Map<String, List<Double>> other = fit(8, 2).history();
    assertEquals(first, second, "two fresh models and pipelines with seed 7 train identically");
    assertNotEquals(
        first.get("loss"), other.get("loss"), "seed 8 draws other weights, order and augmentation");
  }

  @Test
  void callbacksAreCalledInKerasOrder() {
    List<String> calls = new ArrayList<>();
    try (Sequential model = compiled(3);
        Pipeline ds = pipeline(3)) {
      Callback recorder =
          new Callback() {
            @Override
            public void onTrainBegin(Map<String, Double> logs) {
              assertSame(model, model(), "Keras's self.model");
              calls.add("train_begin");
            }

            @Override
            public void onTrainEnd(Map<String, Double> logs) {
              calls.add("train_end");
            }

            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
              calls.add("epoch_begin " + epoch);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
              calls.add("epoch_end " + epoch + " " + logs.keySet());
            }

            @Override
            public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
              calls.add("batch_begin " + batch);
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
              calls.add("batch_end " + batch + " " + logs.keySet());
            }
          };
      model.fit(ds, 2, 0, List.of(recorder), System.out);
    }
    List<String> expected = new ArrayList<>();
    expected.add("train_begin");
    for (int epoch = 0; epoch < 2; epoch++) {
      expected.add("epoch_begin " + epoch);
      for (int batch = 0; batch < STEPS; batch++) {
        expected.add("batch_begin " + batch);
        expected.add("batch_end " + batch + " [loss, accuracy]");
      }
      expected.add("epoch_end " + epoch + " [loss, accuracy]");
    }
    expected.add("train_end");
    assertEquals(expected, calls);
  }

  @Test
  void timeHistoryRecordsOnePositiveTimePerEpoch() {
    TimeHistory times = new TimeHistory();
    try (Sequential model = compiled(4);
        Pipeline ds = pipeline(4)) {
      model.fit(ds, 2, 0, List.of(times), System.out);
      assertEquals(2, times.times().size());
      times.times().forEach(t -> assertTrue(t > 0, "epoch time " + t));
      assertEquals(times.times().get(0) + times.times().get(1), times.total(), 1e-12);
      model.fit(ds, 1, 0, List.of(times), System.out);
      assertEquals(1, times.times().size(), "on_train_begin starts a new record");
    }
  }

  /**
   * Epoch figures are means over examples: batch means weighted by batch size (4, 4, 2). The
   * per-batch figures come from a twin model (same seed, same batches, same step counter for
   * dropout) trained with trainOnBatch, and again from the running means fit reports per batch.
   */
  @Test
  void epochLogsAreBatchSizeWeightedMeans() {
    List<Map<String, Double>> running = new ArrayList<>();
    Callback recorder =
        new Callback() {
          @Override
          public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            running.add(Map.copyOf(logs));
          }
        };
    History history;
    try (Sequential model = compiled(5);
        Pipeline ds = pipeline(5)) {
      history = model.fit(ds, 1, 0, List.of(recorder), System.out);
    }
    List<Map<String, Double>> perBatch = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    try (Sequential twin = compiled(5);
        Pipeline ds = pipeline(5)) {
      for (Iterator<Batch> it = ds.epoch(0); it.hasNext(); ) {
        try (Batch batch = it.next()) {
          perBatch.add(twin.trainOnBatch(batch.images(), batch.labels()));
          sizes.add(batch.size());
        }
      }
    }
    assertEquals(List.of(4, 4, 2), sizes);
    for (String metric : List.of("loss", "accuracy")) {
      double weighted = 0;
      int seen = 0;
      for (int b = 0; b < STEPS; b++) {
        double value = perBatch.get(b).get(metric);
        weighted += value * sizes.get(b);
        seen += sizes.get(b);
        // The running mean fit reports after batch b covers the examples seen so far.
        assertEquals(
            weighted / seen,
            running.get(b).get(metric),
            1e-6,
            metric + " running mean after batch " + b);
      }
      assertEquals(
          weighted / EXAMPLES,
          history.history().get(metric).get(0),
          1e-6,
          metric + " of the epoch");
    }
    // The batches' losses differ enough that an unweighted mean would be caught.
    double unweighted = perBatch.stream().mapToDouble(m -> m.get("loss")).average().orElseThrow();
    assertTrue(
        Math.abs(unweighted - history.last("loss")) > 1e-4,
        "unweighted " + unweighted + " vs epoch " + history.last("loss"));
  }

  @Test
  void verboseOnePrintsKerasProgressLines() {
    StaticProgbar.Printed<History> printed =
        StaticProgbar.capture(
            out -> {
              try (Sequential model = compiled(6);
                  Pipeline ds = pipeline(6)) {
                return model.fit(ds, 2, 1, List.of(), out);
              }
            });
    History history = printed.value();
    List<String> lines = printed.lines();
    assertEquals(4, lines.size(), String.join("\n", lines));
    Pattern bar =
        Pattern.compile(
            "\\d+/\\d+ \\[=+\\] - \\d+s \\d+m?s/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}");
    for (int epoch = 0; epoch < 2; epoch++) {
      assertEquals("Epoch " + (epoch + 1) + "/2", lines.get(2 * epoch));
      String line = lines.get(2 * epoch + 1);
      assertTrue(bar.matcher(line).matches(), line);
      assertTrue(line.startsWith("3/3 [" + "=".repeat(30) + "] - "), line);
      String figures =
          String.format(
              Locale.ROOT,
              "loss: %.4f - accuracy: %.4f",
              history.history().get("loss").get(epoch),
              history.history().get("accuracy").get(epoch));
      assertTrue(line.endsWith(figures), line + " ends with the epoch's " + figures);
    }
  }

  /** Keras's ProgbarLogger prints {@code Epoch 1/1} only when there are several epochs. */
  @Test
  void verboseOneWithOneEpochPrintsOnlyTheBar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Sequential model = compiled(6);
        Pipeline ds = pipeline(6);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      model.fit(ds, 1, 1, List.of(), out);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).strip().lines().toList();
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).strip().startsWith("3/3 ["), lines.get(0));
  }

  /**
   * Keras's fit passes the last epoch's logs to on_train_end ({@code training_logs = epoch_logs}).
   */
  @Test
  void trainEndReceivesTheLastEpochsLogs() {
    List<Map<String, Double>> atEnd = new ArrayList<>();
    Callback recorder =
        new Callback() {
          @Override
          public void onTrainEnd(Map<String, Double> logs) {
            atEnd.add(Map.copyOf(logs));
          }
        };
    try (Sequential model = compiled(6);
        Pipeline ds = pipeline(6)) {
      History history = model.fit(ds, 2, 0, List.of(recorder), System.out);
      assertEquals(
          Map.of("loss", history.last("loss"), "accuracy", history.last("accuracy")), atEnd.get(0));
    }
  }

  @Test
  void verboseZeroPrintsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Sequential model = compiled(6);
        Pipeline ds = pipeline(6);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      model.fit(ds, 1, 0, List.of(), out);
    }
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void refusesToTrainUncompiledOrMisconfigured() {
    try (Sequential model = tinyModel(1);
        Pipeline ds = pipeline(1)) {
      assertThrows(IllegalStateException.class, () -> model.fit(ds, 1, 0, List.of(), System.out));
      RMSprop optimizer = new RMSprop(model.graph(), LEARNING_RATE);
      IllegalArgumentException loss =
          assertThrows(
              IllegalArgumentException.class,
              () -> model.compile("mean_squared_error", optimizer, "accuracy"));
      assertTrue(loss.getMessage().contains("'mean_squared_error'"), loss.getMessage());
      IllegalArgumentException metric =
          assertThrows(
              IllegalArgumentException.class,
              () -> model.compile("binary_crossentropy", optimizer, "accuracy", "auc"));
      assertTrue(metric.getMessage().contains("'auc'"), metric.getMessage());
      assertThrows(
          IllegalStateException.class,
          () -> model.fit(ds, 1, 0, List.of(), System.out),
          "failed compiles leave the model uncompiled");
      try (Graph other = new Graph()) {
        RMSprop foreign = new RMSprop(other, LEARNING_RATE);
        IllegalArgumentException graph =
            assertThrows(
                IllegalArgumentException.class,
                () -> model.compile("binary_crossentropy", foreign, "accuracy"));
        assertTrue(graph.getMessage().contains("another graph"), graph.getMessage());
      }
      model.compile("binary_crossentropy", optimizer, "accuracy");
      assertThrows(
          IllegalArgumentException.class, () -> model.fit(ds, 0, 0, List.of(), System.out));
      assertThrows(
          IllegalStateException.class, () -> model.setSeed(2), "weights are built already");
    }
  }

  @Test
  void withoutMetricsOnlyLossIsLogged() {
    try (Sequential model = tinyModel(2);
        Pipeline ds = pipeline(2)) {
      model.compile("binary_crossentropy", new RMSprop(model.graph(), LEARNING_RATE));
      History history = model.fit(ds, 1, 0, List.of(), System.out);
      assertEquals(List.of("loss"), List.copyOf(history.history().keySet()));
    }
  }

  /**
   * The keras.io sequence: one model compiled with RMSprop, fitted, compiled again with GCRMSprop
   * and fitted again. The second fit starts from the first one's trained weights (its fresh
   * optimizer slots are initialised, the weights are not re-initialised).
   */
  @Test
  void secondCompileContinuesFromTrainedWeights() {
    List<List<float[]>> atTrainBegin = new ArrayList<>();
    Callback snapshot =
        new Callback() {
          @Override
          public void onTrainBegin(Map<String, Double> logs) {
            atTrainBegin.add(weights(model()));
          }
        };
    List<float[]> initial;
    try (Sequential fresh = compiled(9)) {
      ((Model) fresh).session().initialize(); // session() is Model's, package-private
      initial = weights(fresh);
    }
    try (Sequential model = compiled(9);
        Pipeline ds = pipeline(9)) {
      model.fit(ds, 1, 0, List.of(snapshot), System.out);
      List<float[]> afterFirst = weights(model);
      model.compile("binary_crossentropy", new GCRMSprop(model.graph(), LEARNING_RATE), "accuracy");
      assertSameWeights(afterFirst, weights(model), "compile keeps the weights");
      History second = model.fit(ds, 1, 0, List.of(snapshot), System.out);
      List<float[]> afterSecond = weights(model);

      assertSameWeights(
          initial, atTrainBegin.get(0), "the first fit starts from the seeded initial weights");
      assertFalse(sameWeights(initial, afterFirst), "the first fit trains");
      assertSameWeights(
          afterFirst, atTrainBegin.get(1), "the second fit starts where the first ended");
      assertFalse(sameWeights(afterFirst, afterSecond), "the second fit trains");
      assertTrue(Double.isFinite(second.last("loss")));
    }
  }
}
