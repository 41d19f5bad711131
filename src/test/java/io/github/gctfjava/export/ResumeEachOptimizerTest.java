package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.training.History;
import io.github.gctfjava.training.Sequential;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.framework.optimizers.Optimizer;

/**
 * Resume with optimizers that keep state beyond one slot: Keras's Adam (m, v and its step counter)
 * and SGD with momentum (the framework's Momentum on scoped variables), each with GC. A run stopped
 * after epoch 2 and resumed from its checkpoint ends exactly where an uninterrupted one does, so
 * every slot was saved and restored. (The framework's own Adam is left out: its steps are not
 * deterministic, see GradientTransformsTest.)
 */
class ResumeEachOptimizerTest {
  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;
  private ExportFixtures.FourImages data;
  private Pipeline trainDs;

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of(
            "gc-adam", (Function<Graph, Optimizer>) OptimizerConfig.of("gc-adam", 1e-2f)::create),
        Arguments.of(
            "gc-sgd --momentum 0.9",
            (Function<Graph, Optimizer>)
                new OptimizerConfig("gc-sgd", 1e-2f, 0.9f, false, null, null, null)::create));
  }

  @BeforeEach
  void fourImagesInBatchesOfTwo() {
    data = new ExportFixtures.FourImages(dir);
    trainDs = data.trainDs;
  }

  @AfterEach
  void close() {
    data.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes(
      String name, Function<Graph, Optimizer> optimizer) {
    try (Sequential straight = ExportFixtures.smallModel(1, optimizer);
        Sequential stopped = ExportFixtures.smallModel(1, optimizer);
        Sequential resumed = ExportFixtures.smallModel(1, optimizer)) {
      History straightHistory =
          straight.fit(
              trainDs,
              3,
              0,
              0,
              List.of(new BackupAndRestore(dir.resolve("straight"), RunHistory.empty(), 2)),
              SILENT);

      Path backupDir = dir.resolve("interrupted");
      stopped.fit(
          trainDs,
          2,
          0,
          0,
          List.of(new BackupAndRestore(backupDir, RunHistory.empty(), 2)),
          SILENT);
      Checkpoint checkpoint = BackupAndRestore.latest(backupDir, SILENT).orElseThrow();
      checkpoint.restore(resumed);
      BackupAndRestore resumedBackup = new BackupAndRestore(backupDir, checkpoint.history(), 2);
      resumed.fit(trainDs, 3, checkpoint.epoch(), 0, List.of(resumedBackup), SILENT);

      assertEquals(
          straightHistory.history().get("loss"),
          resumedBackup.history().epochs().stream().map(RunHistory.Epoch::loss).toList(),
          "losses, exactly");
      ExportFixtures.assertSameWeights(straight, resumed);
    }
  }
}
