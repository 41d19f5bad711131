package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gctfjava.data.Pipeline;
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
      ExportFixtures.Resumed run =
          ExportFixtures.assertResumeMatchesStraightRun(trainDs, dir, straight, stopped, resumed);
      assertEquals(2, run.checkpoint().epoch());
      assertEquals(
          List.of(2), run.fitHistory().epoch(), "fit's own History: the epochs it trained");
      assertEquals(
          List.of(0, 1, 2),
          run.runHistory().epochs().stream().map(RunHistory.Epoch::epoch).toList(),
          "the run's history: every epoch once");
      assertEquals(
          List.of("epoch-0002", "epoch-0003"),
          folders(dir.resolve("interrupted")),
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
