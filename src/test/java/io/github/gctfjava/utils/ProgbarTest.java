package io.github.gctfjava.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgbarTest {
  private long now;

  private static Map<String, Double> logs(double loss, double accuracy) {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", loss);
    logs.put("accuracy", accuracy);
    return logs;
  }

  @Test
  void finalLineHasKerasLayoutWithStepTimeAfterTheFirstStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progbar bar =
        new Progbar(
            9, "step", new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> now);
    // first step 1.0 s (excluded from the per-step time, as Keras does), then 8 steps of 0.66 s
    now = 1_000_000_000L;
    bar.update(1, logs(0.7, 0.5));
    for (int step = 2; step <= 9; step++) {
      now += 660_000_000L;
      bar.update(step, logs(0.66164, 0.61437));
    }
    assertEquals(
        "9/9 [==============================] - 6s 660ms/step - loss: 0.6616 - accuracy: 0.6144\n",
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void dynamicDisplayRedrawsWithEtaAndArrowHead() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progbar bar =
        new Progbar(
            9, "step", new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> now);
    now = 3_000_000_000L;
    bar.update(3, logs(0.69, 0.0001));
    // 3/9 of 30 columns = 10: nine '=', the head '>', twenty '.'; ETA = 6 steps * (3 s / 3 steps)
    assertEquals(
        "\r3/9 [=========>....................] - ETA: 6s - loss: 0.6900 - accuracy: 1.0000e-04",
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void counterIsPaddedToTheTargetWidthAndLongEtasUseMinutes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progbar bar =
        new Progbar(
            1000, "step", new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> now);
    now = 100_000_000_000L;
    bar.update(50);
    // 50/1000 of 30 columns = 1: only the head; ETA = 950 steps * 2 s = 31 min 40 s
    assertEquals(
        "\r  50/1000 [>.............................] - ETA: 31:40",
        bytes.toString(StandardCharsets.UTF_8));
  }
}
