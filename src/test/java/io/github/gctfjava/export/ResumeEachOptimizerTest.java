package io.github.gctfjava.export;

import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.training.Sequential;
import java.nio.file.Path;
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
      ExportFixtures.assertResumeMatchesStraightRun(trainDs, dir, straight, stopped, resumed);
    }
  }
}
