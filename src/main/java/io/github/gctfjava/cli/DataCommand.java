package io.github.gctfjava.cli;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.plot.ImageGrid;
import io.github.gctfjava.plot.Png;
import io.github.gctfjava.training.Sequential;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code data}: the example's data section, and a look at what augmentation does. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description =
        "Load horses_or_humans, print its metadata and class counts, and draw augmented training samples.")
final class DataCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "augmented.png",
      description = "PNG grid of augmented training images (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--samples",
      defaultValue = "16",
      description = "How many images to draw (default: ${DEFAULT-VALUE}).")
  int samples;

  @Override
  public Integer call() throws IOException {
    if (samples < 1) {
      throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
    }
    PrintStream console = System.out;
    try (LoadedDataset dataset = data.load(console)) {
      printCounts(dataset.train(), console);
      dataset.test().ifPresent(test -> printCounts(test, console));
      int drawn;
      try (Sequential augmentation = Augmentation.create();
          Pipeline trainDs =
              Pipeline.prepare(
                  dataset.train(),
                  true,
                  augmentation,
                  Pipeline.Options.defaults(data.seed).withBatchSize(samples))) {
        Iterator<Batch> batches = trainDs.epoch(0);
        try (Batch batch = batches.next()) {
          drawn = batch.size();
          Png.write(
              ImageGrid.of(batch.images(), batch.labels(), HorsesOrHumans.LABEL_NAMES, samples, 4),
              out);
        }
      }
      console.println("Wrote " + drawn + " augmented training images to " + out);
    }
    return 0;
  }

  private static void printCounts(ImageSplit split, PrintStream out) {
    out.printf("%s: %d horses, %d humans%n", split.name(), split.count(0), split.count(1));
  }
}
