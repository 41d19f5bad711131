package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gctfjava.training.History;
import io.github.gctfjava.training.TimeHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run folder's files: what they hold, byte for byte where the format is ours. */
class RunFolderTest {
  @TempDir Path dir;

  private static final RunHistory TWO_EPOCHS =
      new RunHistory(
          List.of(
              new RunHistory.Epoch(0, 0.75, 0.5, 12.5),
              new RunHistory.Epoch(1, 0.625, 0.5625, 10.0)));

  @Test
  void historyAsCsvAndAsKerasColumns() throws IOException {
    RunFolder run = RunFolder.create(dir.resolve("run"));
    run.writeHistory(TWO_EPOCHS);
    assertEquals(
        "epoch,loss,accuracy,seconds\n0,0.75,0.5,12.5\n1,0.625,0.5625,10.0\n",
        Files.readString(run.dir().resolve("history.csv")));
    assertEquals(
        Map.of(
            "epoch",
            List.of(0, 1),
            "loss",
            List.of(0.75, 0.625),
            "accuracy",
            List.of(0.5, 0.5625),
            "seconds",
            List.of(12.5, 10.0)),
        Json.MAPPER.readValue(run.dir().resolve("history.json").toFile(), Map.class));
    assertEquals(22.5, TWO_EPOCHS.totalSeconds(), 0);
  }

  @Test
  void historyFromKerasCallbacks() {
    History history = new History();
    TimeHistory times = new TimeHistory();
    for (int epoch = 0; epoch < 2; epoch++) {
      times.onEpochBegin(epoch, Map.of());
      times.onEpochEnd(epoch, Map.of());
      history.onEpochEnd(epoch, Map.of("loss", 1.0 / (epoch + 1), "accuracy", 0.5));
    }
    RunHistory run = RunHistory.of(history, times);
    assertEquals(List.of(0, 1), run.epochs().stream().map(RunHistory.Epoch::epoch).toList());
    assertEquals(List.of(1.0, 0.5), run.epochs().stream().map(RunHistory.Epoch::loss).toList());
    assertEquals(times.times(), run.epochs().stream().map(RunHistory.Epoch::seconds).toList());
  }

  @Test
  void anEpochMissingOrTwiceIsRefused() {
    RunHistory.Epoch first = new RunHistory.Epoch(0, 1, 0.5, 1);
    assertThrows(IllegalArgumentException.class, () -> new RunHistory(List.of(first, first)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RunHistory(List.of(new RunHistory.Epoch(1, 1, 0.5, 1))));
  }

  @Test
  void configRoundTripsWithKerasStyleKeys() throws IOException {
    RunFolder run = RunFolder.create(dir.resolve("run"));
    RunConfig config =
        new RunConfig(
            "gc-sgd",
            4,
            128,
            1e-4f,
            1337,
            null,
            "/data",
            false,
            null,
            0.9f,
            true,
            0.5f,
            1f,
            null,
            0.2,
            "Held out by subject",
            "mixed_bfloat16");
    run.writeConfig(config);
    assertEquals(config, RunFolder.open(run.dir()).readConfig());
    String json = Files.readString(run.dir().resolve("config.json"));
    assertEquals(
        List.of(
            "optimizer",
            "epochs",
            "batch_size",
            "learning_rate",
            "seed",
            "limit",
            "data",
            "resize",
            "protocol",
            "momentum",
            "nesterov",
            "clipvalue",
            "clipnorm",
            "global_clipnorm",
            "validation_split",
            "validation",
            "precision"),
        fieldNames(json));
  }

  @Test
  void aConfigFromBeforeThePrecisionOptionReadsAsFloat32() throws IOException {
    RunFolder run = RunFolder.create(dir.resolve("old"));
    Files.writeString(
        run.dir().resolve("config.json"),
        "{\"optimizer\": \"rmsprop\", \"epochs\": 2, \"batch_size\": 128,"
            + " \"learning_rate\": 1e-4, \"seed\": 1, \"data\": \"/data\"}");
    assertEquals("float32", RunFolder.open(run.dir()).readConfig().precision());
  }

  @Test
  void aNewRunNeverGoesIntoAnotherRunsFolder() throws IOException {
    Path used = dir.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("config.json"), "{}");
    ExportException e = assertThrows(ExportException.class, () -> RunFolder.create(used));
    assertEquals(
        "Run folder " + used + " exists and is not empty; --resume " + used + " continues that run",
        e.getMessage());
    RunFolder.create(dir.resolve("empty"));
    RunFolder.create(dir.resolve("empty"));
  }

  @Test
  void openingAFolderWithoutConfigNamesIt() {
    ExportException e = assertThrows(ExportException.class, () -> RunFolder.open(dir));
    assertEquals(dir, e.path());
    assertEquals("Not a run folder (no config.json): " + dir, e.getMessage());
  }

  @Test
  void aDamagedConfigIsOneLineNamingIt() throws IOException {
    RunFolder run = RunFolder.create(dir.resolve("run"));
    Files.writeString(run.dir().resolve("config.json"), "{\"optimizer\" : \"gc-");
    ExportException e =
        assertThrows(ExportException.class, () -> RunFolder.open(run.dir()).readConfig());
    assertEquals(run.dir().resolve("config.json"), e.path());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  private static List<String> fieldNames(String json) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    Json.MAPPER.readTree(json).fieldNames().forEachRemaining(names::add);
    return names;
  }
}
