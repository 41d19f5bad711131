package io.github.gctfjava.cli;

import io.github.gctfjava.data.HoldOut;
import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.export.RunConfig;
import io.github.gctfjava.export.RunFolder;
import io.github.gctfjava.export.SavedModelWeights;
import io.github.gctfjava.optimizers.RMSprop;
import io.github.gctfjava.training.ConfusionMatrix;
import io.github.gctfjava.training.Sequential;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: Keras's {@code model.evaluate} of a trained model (a SavedModel, or a run
 * folder's) on a split, with the confusion counts.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a SavedModel or a run folder on a split: loss, accuracy, confusion counts, images.")
final class EvaluateCommand implements Callable<Integer> {
  /** What to evaluate on. */
  enum Split {
    /** The official test split. */
    test,
    /** What the run evaluated on: the test split when present, else its subject hold-out. */
    validation,
    /** The training images (without the held-out subjects). */
    train
  }

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "A SavedModel folder, or a run folder of train/compare/study.")
  Path model;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      description =
          "test, validation (the run's held-out data) or train (default: validation for a run folder, "
              + "test for a SavedModel).")
  Split split;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Mixin DataOptions data;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    boolean runFolder = Files.isRegularFile(model.resolve(RunFolder.CONFIG));
    Path savedModel = runFolder ? RunFolder.open(model).savedModel() : model;
    if (runFolder) {
      useRunData(RunFolder.open(model).readConfig());
    }
    Split chosen = split != null ? split : runFolder ? Split.validation : Split.test;
    try (Sequential cnn = Cnn.create()) {
      // Keras needs a compiled model to evaluate; the optimizer is never applied.
      cnn.compile(
          "binary_crossentropy",
          new RMSprop(cnn.graph(), RMSprop.LEARNING_RATE_DEFAULT),
          "accuracy");
      SavedModelWeights.restore(savedModel, cnn);
      try (LoadedDataset dataset = data.load(out);
          ImageSplit train = data.train(dataset);
          HoldOut holdOut =
              HoldOut.choose(
                  train,
                  chosen == Split.validation ? dataset.test() : Optional.empty(),
                  data.validationSplit,
                  data.seed)) {
        ImageSplit images =
            switch (chosen) {
              case test ->
                  dataset
                      .test()
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "--split test: the data folder has no test split; use --split validation with --validation-split"));
              case validation ->
                  holdOut
                      .validation()
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "--split validation: no test split and no --validation-split (nor a run folder that used one)"));
              case train -> holdOut.train();
            };
        out.println(
            "Evaluating "
                + savedModel
                + " on "
                + describe(chosen, holdOut)
                + ": "
                + images.size()
                + " images");
        try (Pipeline ds =
            Pipeline.prepare(
                images,
                false,
                null,
                Pipeline.Options.defaults(data.seed).withBatchSize(batchSize))) {
          Map<String, Double> figures = cnn.evaluate(ds, 1, out);
          ConfusionMatrix confusion = ConfusionMatrix.of(cnn, ds);
          out.println("loss: " + figures.get("loss"));
          out.println("accuracy: " + figures.get("accuracy"));
          out.print(confusion.table(HorsesOrHumans.LABEL_NAMES));
          out.println("images: " + confusion.total());
        }
      }
    }
    return 0;
  }

  /**
   * The run's data settings, so that {@code validation} is the hold-out it used; options given now
   * win.
   */
  private void useRunData(RunConfig config) {
    if (!given("--data")) {
      data.data = Path.of(config.data());
    }
    if (!given("--seed")) {
      data.seed = config.seed();
    }
    if (!given("--limit")) {
      data.limit = config.limit();
    }
    if (!given("--resize")) {
      data.resize = config.resize();
    }
    if (!given("--validation-split")) {
      data.validationSplit = config.validationSplit();
    }
  }

  private static String describe(Split split, HoldOut holdOut) {
    return switch (split) {
      case test -> "the test split";
      case validation -> holdOut.description();
      case train ->
          holdOut.validation().isPresent()
              ? "the training images without the held-out ones"
              : "the training images";
    };
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }
}
