package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fit(..., validation_data)}: after every epoch the {@link Probe} model (with Dropout(0.5))
 * is evaluated on the five held-out images, in inference mode, and {@code val_loss} and {@code
 * val_accuracy} join the epoch's logs, the History and the progress line.
 */
class FitValidationTest {
  /** float32 graph arithmetic on values of order 1. */
  private static final double TOLERANCE = 1e-6;

  private static final float LEARNING_RATE = 0.05f;
  private static final int EPOCHS = 3;

  private static ImageSplit split;

  @BeforeAll
  static void createSplit() {
    split = Probe.split();
  }

  @AfterAll
  static void closeSplit() {
    split.close();
  }

  /** The training batches: the same five images, shuffled by the seed, batches of 2, 2, 1. */
  private static Pipeline training(long seed) {
    return Pipeline.prepare(
        split, true, null, Pipeline.Options.defaults(seed).withBatchSize(Probe.BATCH));
  }

  /** Each epoch end's logs and the Dense weights then (after the epoch's last step). */
  private static final class Recorder extends Callback {
    final List<Map<String, Double>> logs = new ArrayList<>();
    final List<float[]> weights = new ArrayList<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> epochLogs) {
      logs.add(Map.copyOf(epochLogs));
      weights.add(Probe.weights(model()));
    }
  }

  /**
   * Every epoch's val_* are the hand-computed figures of the weights the epoch ended with (so
   * evaluated without dropout, after the epoch's last step), and the last epoch's equal evaluate on
   * the same data after fit, digit for digit.
   */
  @Test
  void valFiguresAreTheEvaluationOfTheEpochsFinalWeights() {
    Recorder recorder = new Recorder();
    try (Sequential model = Probe.handSet(true, LEARNING_RATE, 3);
        Pipeline train = training(3);
        Pipeline validation = Probe.validation(split, 2)) {
      History history = model.fit(train, EPOCHS, 0, 0, List.of(recorder), System.out, validation);
      assertEquals(
          List.of("loss", "accuracy", "val_loss", "val_accuracy"),
          List.copyOf(history.history().keySet()));
      for (int epoch = 0; epoch < EPOCHS; epoch++) {
        float[] w = recorder.weights.get(epoch);
        double[] expected = Probe.expected(new float[] {w[0], w[1], w[2]}, w[3]);
        assertEquals(
            expected[0],
            history.history().get("val_loss").get(epoch),
            TOLERANCE,
            "val_loss, epoch " + epoch);
        assertEquals(
            expected[1],
            history.history().get("val_accuracy").get(epoch),
            TOLERANCE,
            "val_accuracy, epoch " + epoch);
        assertEquals(
            history.history().get("val_loss").get(epoch),
            recorder.logs.get(epoch).get("val_loss"),
            "on_epoch_end's logs carry val_loss");
      }
      assertNotEquals(
          history.history().get("val_loss").get(0), history.last("val_loss"), "the model trains");
      Map<String, Double> after = model.evaluate(validation, 0, System.out);
      assertEquals(history.last("val_loss"), after.get("loss"), 0.0);
      assertEquals(history.last("val_accuracy"), after.get("accuracy"), 0.0);
    }
  }

  /** Training and validation from the same seed, twice: the same val_* both times. */
  @Test
  void sameSeedSameValidationFigures() {
    List<Map<String, List<Double>>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (Sequential model = Probe.handSet(true, LEARNING_RATE, 4);
          Pipeline train = training(4);
          Pipeline validation = Probe.validation(split, 2)) {
        runs.add(model.fit(train, 2, 0, 0, List.of(), System.out, validation).history());
      }
    }
    assertEquals(runs.get(0).get("val_loss"), runs.get(1).get("val_loss"));
    assertEquals(runs.get(0).get("val_accuracy"), runs.get(1).get("val_accuracy"));
  }

  @Test
  void withoutValidationDataNoValFigures() {
    try (Sequential model = Probe.handSet(true, LEARNING_RATE, 5);
        Pipeline train = training(5)) {
      History history = model.fit(train, 1, 0, 0, List.of(), System.out, null);
      assertEquals(List.of("loss", "accuracy"), List.copyOf(history.history().keySet()));
    }
  }

  /** Keras's Progbar value format: 4 decimals, or scientific for magnitudes up to 1e-3. */
  private static String keras(double v) {
    return String.format(Locale.ROOT, Math.abs(v) > 1e-3 ? "%.4f" : "%.4e", v);
  }

  /**
   * One bar line per epoch, in Keras's format {@code 3/3 [====] - 0s 5ms/step - loss: 0.5612 -
   * accuracy: 0.7537 - val_loss: 0.6011 - val_accuracy: 0.7070}, with the History's figures; the
   * evaluation inside fit prints nothing of its own.
   */
  @Test
  void progressLineEndsWithValFiguresInKerasFormat() {
    StaticProgbar.Printed<History> printed =
        StaticProgbar.capture(
            out -> {
              try (Sequential model = Probe.handSet(true, LEARNING_RATE, 6);
                  Pipeline train = training(6);
                  Pipeline validation = Probe.validation(split, 2)) {
                return model.fit(train, 2, 0, 1, List.of(), out, validation);
              }
            });
    History history = printed.value();
    List<String> lines = printed.lines();
    assertEquals(4, lines.size(), String.join("\n", lines));
    String number = "(\\d\\.\\d{4}|\\d\\.\\d{4}e[-+]\\d\\d)";
    Pattern bar =
        Pattern.compile(
            "3/3 \\[={30}\\] - \\d+s \\d+m?s/step - loss: "
                + number
                + " - accuracy: "
                + number
                + " - val_loss: "
                + number
                + " - val_accuracy: "
                + number);
    for (int epoch = 0; epoch < 2; epoch++) {
      assertEquals("Epoch " + (epoch + 1) + "/2", lines.get(2 * epoch));
      String line = lines.get(2 * epoch + 1);
      assertTrue(bar.matcher(line).matches(), line);
      Map<String, List<Double>> h = history.history();
      String figures =
          "loss: "
              + keras(h.get("loss").get(epoch))
              + " - accuracy: "
              + keras(h.get("accuracy").get(epoch))
              + " - val_loss: "
              + keras(h.get("val_loss").get(epoch))
              + " - val_accuracy: "
              + keras(h.get("val_accuracy").get(epoch));
      assertTrue(line.endsWith(figures), line + " ends with " + figures);
    }
  }
}
