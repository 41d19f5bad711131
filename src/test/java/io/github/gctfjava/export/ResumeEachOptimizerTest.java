package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
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
import org.tensorflow.Result;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

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
  private LoadedDataset dataset;
  private Sequential augmentation;
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
    for (int i = 0; i < 4; i++) {
      String name = (i % 2 == 0 ? "horses/horse" : "humans/human") + i + ".png";
      ExportFixtures.write(
          dir.resolve("data/train").resolve(name),
          ExportFixtures.encode(ExportFixtures.randomImage(300, 300, 10 + i), "png"));
    }
    dataset =
        HorsesOrHumans.load(
            LoadOptions.of(dir.resolve("data")).withDownload(false).withLog(SILENT));
    augmentation = Augmentation.create();
    trainDs =
        Pipeline.prepare(dataset.train(), true, augmentation, new Pipeline.Options(2, 1024, 3));
  }

  @AfterEach
  void close() {
    trainDs.close();
    augmentation.close();
    dataset.close();
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
      try (Result a = straight.getWeights();
          Result b = resumed.getWeights()) {
        for (int i = 0; i < a.size(); i++) {
          assertArrayEquals(
              values((TFloat32) a.get(i)),
              values((TFloat32) b.get(i)),
              0f,
              "weight " + i + ", exactly");
        }
      }
    }
  }

  private static float[] values(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(values, false, false));
    return values;
  }
}
