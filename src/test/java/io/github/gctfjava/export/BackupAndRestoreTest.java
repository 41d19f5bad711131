package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.training.History;
import io.github.gctfjava.training.Sequential;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit with BackupAndRestore through the real input pipeline (shuffle, augmentation, dropout): a run
 * stopped after epoch 2 and resumed from its checkpoint ends where an uninterrupted run does.
 */
class BackupAndRestoreTest {
  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;
  private ExportFixtures.FourImages data;
  private Pipeline trainDs;

  @BeforeEach
  void fourImagesInBatchesOfTwo() {
    data = new ExportFixtures.FourImages(dir);
    trainDs = data.trainDs;
  }

  @AfterEach
  void close() {
    data.close();
  }

  @Test
  void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws IOException {
    try (Sequential straight = ExportFixtures.smallModel(1);
        Sequential stopped = ExportFixtures.smallModel(1);
        Sequential resumed = ExportFixtures.smallModel(1)) {
      BackupAndRestore straightBackup =
          new BackupAndRestore(dir.resolve("straight"), RunHistory.empty(), 2);
      History straightHistory = straight.fit(trainDs, 3, 0, 0, List.of(straightBackup), SILENT);

      Path backupDir = dir.resolve("interrupted");
      stopped.fit(
          trainDs,
          2,
          0,
          0,
          List.of(new BackupAndRestore(backupDir, RunHistory.empty(), 2)),
          SILENT);
      Checkpoint checkpoint = BackupAndRestore.latest(backupDir, SILENT).orElseThrow();
      assertEquals(2, checkpoint.epoch());
      checkpoint.restore(resumed);
      BackupAndRestore resumedBackup = new BackupAndRestore(backupDir, checkpoint.history(), 2);
      History resumedHistory =
          resumed.fit(trainDs, 3, checkpoint.epoch(), 0, List.of(resumedBackup), SILENT);

      assertEquals(List.of(2), resumedHistory.epoch(), "fit's own History: the epochs it trained");
      assertEquals(
          List.of(0, 1, 2),
          resumedBackup.history().epochs().stream().map(RunHistory.Epoch::epoch).toList(),
          "the run's history: every epoch once");
      assertEquals(
          straightHistory.history().get("loss"),
          resumedBackup.history().epochs().stream().map(RunHistory.Epoch::loss).toList(),
          "losses, exactly");
      ExportFixtures.assertSameWeights(straight, resumed);
      assertEquals(
          List.of("epoch-0002", "epoch-0003"),
          folders(backupDir),
          "the last two checkpoints are kept");
      assertEquals(List.of("epoch-0002", "epoch-0003"), folders(dir.resolve("straight")));
    }
  }

  @Test
  void fitMustStartAtTheEpochTheHistoryEndsAt() {
    try (Sequential model = ExportFixtures.smallModel(1)) {
      RunHistory oneEpoch = RunHistory.empty().plus(new RunHistory.Epoch(0, 0.7, 0.5, 1.0));
      BackupAndRestore backup = new BackupAndRestore(dir.resolve("b"), oneEpoch, 2);
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> model.fit(trainDs, 3, 0, 0, List.of(backup), SILENT));
      assertEquals(
          "epoch 0 follows a history of 1 epochs; fit's initial_epoch must be the checkpoint's epoch",
          e.getMessage());
    }
  }

  private static List<String> folders(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
