package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.optimizers.RMSprop;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The example's CNN learns on the real data: when system property {@code hoh.data} (Maven sets it
 * from {@code $HOH_DATA}) names a folder holding the train split; skipped otherwise.
 */
class RealDataTrainingITTest {
  private static final long SEED = 1337;
  private static final int BATCH = 32;
  private static final int STEPS = 16;

  /**
   * Repeated RMSprop(1e-3) steps on one fixed batch of 32 real images (rescaled, not augmented)
   * minimise that very batch's loss: with 1.7 M weights for 32 examples the network can fit them,
   * so the loss must fall from about ln 2 (a fresh sigmoid output near 0.5). RMSprop's first step
   * moves every weight by about lr / sqrt(1 - rho) = 3e-3 whatever its gradient, which overshoots
   * (seen here: 0.73, then 6.8, back under 0.7 by step 4, 0.43 at step 16), and dropout makes each
   * step's figure noisy; hence 16 steps, and the end of the run compared with its start.
   */
  @Test
  void lossFallsOnRepeatedStepsOnOneRealBatch() {
    String property = System.getProperty("hoh.data", "");
    Assumptions.assumeTrue(
        !property.isBlank() && Files.isDirectory(Path.of(property)),
        "hoh.data does not name a folder: " + property);
    LoadOptions options =
        LoadOptions.of(Path.of(property))
            .withDownload(false)
            .withLog(new PrintStream(OutputStream.nullOutputStream()));
    List<Double> losses = new ArrayList<>();
    try (LoadedDataset data = HorsesOrHumans.load(options);
        ImageSplit first = data.train().take(256);
        Pipeline ds =
            Pipeline.prepare(
                first, false, null, Pipeline.Options.defaults(SEED).withBatchSize(BATCH));
        Batch batch = ds.epoch(0).next();
        Sequential model = Cnn.create()) {
      assertEquals(BATCH, batch.size());
      model.setSeed(SEED);
      model.compile("binary_crossentropy", new RMSprop(model.graph(), 1e-3f), "accuracy");
      for (int step = 0; step < STEPS; step++) {
        losses.add(model.trainOnBatch(batch.images(), batch.labels()).get("loss"));
      }
    }
    System.out.println("losses on one real batch of " + BATCH + ": " + losses);
    losses.forEach(loss -> assertTrue(Double.isFinite(loss), "finite loss: " + losses));
    assertEquals(Math.log(2), losses.get(0), 0.1, "a fresh model predicts about 0.5: " + losses);
    assertTrue(losses.get(STEPS - 1) < losses.get(0), "loss falls: " + losses);
    double lastFour =
        losses.subList(STEPS - 4, STEPS).stream()
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    assertTrue(
        lastFour < Math.log(2) - 0.05, "the last 4 steps beat guessing 0.5 by 0.05: " + losses);
  }
}
