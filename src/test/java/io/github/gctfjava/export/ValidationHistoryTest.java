package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.data.TestSplits;
import io.github.gctfjava.training.History;
import io.github.gctfjava.training.Sequential;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code val_loss} and {@code val_accuracy} in the run folder's CSV and JSON and in checkpoints,
 * across a resume.
 */
class ValidationHistoryTest {
  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
  private static final RunHistory TWO_EPOCHS =
      new RunHistory(
          List.of(
              new RunHistory.Epoch(0, 0.75, 0.5, 0.6875, 0.625, 12.5),
              new RunHistory.Epoch(1, 0.625, 0.5625, 0.65625, 0.6875, 10.0)));

  @TempDir Path dir;
  private static ImageSplit train;
  private static ImageSplit held;

  @BeforeAll
  static void createSplits() {
    train = TestSplits.traceable(6, i -> i % 2);
    held = TestSplits.traceable(3, i -> (i + 1) % 2);
  }

  @AfterAll
  static void closeSplits() {
    train.close();
    held.close();
  }

  @Test
  void csvHasKerasColumnsWithValFigures() throws IOException {
    RunFolder run = RunFolder.create(dir.resolve("run"));
    run.writeHistory(TWO_EPOCHS);
    assertEquals(
        "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n"
            + "0,0.75,0.5,0.6875,0.625,12.5\n"
            + "1,0.625,0.5625,0.65625,0.6875,10.0\n",
        Files.readString(run.dir().resolve(RunFolder.HISTORY_CSV)));
  }

  @Test
  void jsonHasValColumnsAsKerasHistoryAndReadsBack() throws IOException {
    RunFolder run = RunFolder.create(dir.resolve("run"));
    run.writeHistory(TWO_EPOCHS);
    Path json = run.dir().resolve(RunFolder.HISTORY_JSON);
    Map<?, ?> columns = Json.MAPPER.readValue(json.toFile(), Map.class);
    assertEquals(
        List.of("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"),
        List.copyOf(columns.keySet()));
    assertEquals(List.of(0.6875, 0.65625), columns.get("val_loss"));
    assertEquals(List.of(0.625, 0.6875), columns.get("val_accuracy"));
    RunHistory read = RunHistory.readJson(json);
    assertEquals(TWO_EPOCHS, read);
    assertEquals(
        List.of("loss", "accuracy", "val_loss", "val_accuracy"),
        List.copyOf(read.metrics().keySet()));
  }

  @Test
  void withoutValidationTheValColumnsAreLeftOut() throws IOException {
    RunFolder run = RunFolder.create(dir.resolve("run"));
    RunHistory plain = new RunHistory(List.of(new RunHistory.Epoch(0, 0.75, 0.5, 12.5)));
    run.writeHistory(plain);
    assertEquals(
        "epoch,loss,accuracy,seconds\n0,0.75,0.5,12.5\n",
        Files.readString(run.dir().resolve(RunFolder.HISTORY_CSV)));
    assertNull(RunHistory.readJson(run.dir().resolve(RunFolder.HISTORY_JSON)).last().valLoss());
  }

  private static Pipeline trainDs() {
    return Pipeline.prepare(train, true, null, new Pipeline.Options(4, 1024, 3));
  }

  private static Pipeline validationDs() {
    return Pipeline.prepare(held, false, null, new Pipeline.Options(2, 1024, 0));
  }

  /**
   * History's val_* from a real fit, as the run folder's CSV and JSON and the last checkpoint hold
   * them.
   */
  @Test
  void fitsValFiguresReachCsvJsonAndCheckpoint() throws IOException {
    try (Sequential model = ExportFixtures.smallModel(2);
        Pipeline trainDs = trainDs();
        Pipeline validation = validationDs()) {
      BackupAndRestore backup =
          new BackupAndRestore(dir.resolve("checkpoints"), RunHistory.empty(), 1);
      History history = model.fit(trainDs, 2, 0, 0, List.of(backup), SILENT, validation);
      RunFolder run = RunFolder.create(dir.resolve("run"));
      run.writeHistory(backup.history());

      List<Double> valLoss = history.history().get("val_loss");
      List<Double> valAccuracy = history.history().get("val_accuracy");
      assertEquals(2, valLoss.size());
      RunHistory json = RunHistory.readJson(run.dir().resolve(RunFolder.HISTORY_JSON));
      assertEquals(valLoss, json.metrics().get("val_loss"), "JSON, exactly");
      assertEquals(valAccuracy, json.metrics().get("val_accuracy"), "JSON, exactly");

      List<String> csv = Files.readAllLines(run.dir().resolve(RunFolder.HISTORY_CSV));
      assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,seconds", csv.get(0));
      for (int epoch = 0; epoch < 2; epoch++) {
        double[] row =
            Arrays.stream(csv.get(epoch + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
        assertEquals(epoch, row[0]);
        assertEquals(valLoss.get(epoch), row[3], 0.0, "CSV val_loss, epoch " + epoch);
        assertEquals(valAccuracy.get(epoch), row[4], 0.0, "CSV val_accuracy, epoch " + epoch);
      }

      Checkpoint last = BackupAndRestore.latest(dir.resolve("checkpoints"), SILENT).orElseThrow();
      assertEquals(valLoss, last.history().metrics().get("val_loss"), "the checkpoint's history");
      assertEquals(valAccuracy, last.history().metrics().get("val_accuracy"));
    }
  }

  /**
   * A run stopped after epoch 1 and resumed keeps the first epoch's val_* and ends with the
   * uninterrupted run's.
   */
  @Test
  void aResumedRunKeepsItsValFigures() {
    try (Sequential straight = ExportFixtures.smallModel(3);
        Sequential stopped = ExportFixtures.smallModel(3);
        Sequential resumed = ExportFixtures.smallModel(3);
        Pipeline trainDs = trainDs();
        Pipeline validation = validationDs()) {
      BackupAndRestore straightBackup =
          new BackupAndRestore(dir.resolve("straight"), RunHistory.empty(), 1);
      straight.fit(trainDs, 2, 0, 0, List.of(straightBackup), SILENT, validation);

      Path backupDir = dir.resolve("interrupted");
      BackupAndRestore stoppedBackup = new BackupAndRestore(backupDir, RunHistory.empty(), 1);
      stopped.fit(trainDs, 1, 0, 0, List.of(stoppedBackup), SILENT, validation);
      Checkpoint checkpoint = BackupAndRestore.latest(backupDir, SILENT).orElseThrow();
      checkpoint.restore(resumed);
      BackupAndRestore resumedBackup = new BackupAndRestore(backupDir, checkpoint.history(), 1);
      resumed.fit(trainDs, 2, checkpoint.epoch(), 0, List.of(resumedBackup), SILENT, validation);

      Map<String, List<Double>> expected = straightBackup.history().metrics();
      Map<String, List<Double>> actual = resumedBackup.history().metrics();
      assertEquals(
          expected.get("val_loss"), actual.get("val_loss"), "val_loss of both epochs, exactly");
      assertEquals(expected.get("val_accuracy"), actual.get("val_accuracy"));
    }
  }
}
