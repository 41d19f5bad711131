package io.github.gctfjava.cli;

import io.github.gctfjava.data.HoldOut;
import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.data.LoadedDataset;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data come from and how much of it: shared by the commands that read it. */
final class DataOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder with {train,test}/{horses,humans}/*.png or the two official zips; "
              + "default: $HOH_DATA, else datasets/ (downloaded there when absent).")
  Path data;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Use only the first N training images (a quick run).")
  Integer limit;

  @Option(
      names = "--resize",
      description = "Resize images that are not 300x300 instead of refusing them.")
  boolean resize;

  @Option(
      names = "--seed",
      description =
          "Seed for weights, shuffling, augmentation and dropout (default: ${DEFAULT-VALUE}).",
      defaultValue = "1337")
  long seed;

  @Option(
      names = "--validation-split",
      paramLabel = "FRACTION",
      description =
          "Without a test split, hold out this fraction of the train split's subjects (each horse or person"
              + " whole, per class, chosen by the seed) and evaluate on them after every epoch; with one, the test split"
              + " is the validation data.")
  Double validationSplit;

  /**
   * The validation data these options ask for, with its dataset line printed: see {@link
   * HoldOut#choose}.
   */
  HoldOut holdOut(LoadedDataset dataset, ImageSplit train, long seed, PrintStream out) {
    HoldOut holdOut = HoldOut.choose(train, dataset.test(), validationSplit, seed);
    if (holdOut.description() != null) {
      out.println(holdOut.description());
    }
    return holdOut;
  }

  /** Refuses a {@code --limit} under 1, before any data is read. */
  void validate() {
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
    }
  }

  /**
   * The training images {@code --limit} keeps (all without it), to close: see {@link
   * ImageSplit#first}.
   */
  ImageSplit train(LoadedDataset dataset) {
    return dataset.train().first(limit);
  }

  /** Loads the data set and prints the example's three lines (and what is missing). */
  LoadedDataset load(PrintStream out) {
    validate();
    LoadedDataset dataset =
        HorsesOrHumans.load(LoadOptions.of(data).withResize(resize).withLog(out));
    // Reading the PNG files grew the Java heap by hundreds of MB that training never uses again: a
    // full collection now lets G1 shrink the heap and hand those pages back before TF's peak.
    System.gc();
    dataset.info().exampleLines().forEach(out::println);
    return dataset;
  }
}
