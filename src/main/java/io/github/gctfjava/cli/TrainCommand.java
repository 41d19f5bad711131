package io.github.gctfjava.cli;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.HoldOut;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.export.BackupAndRestore;
import io.github.gctfjava.export.Prediction;
import io.github.gctfjava.export.RunConfig;
import io.github.gctfjava.export.RunFolder;
import io.github.gctfjava.export.RunHistory;
import io.github.gctfjava.export.SavedModelExport;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.training.Sequential;
import io.github.gctfjava.training.TensorBoard;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: one configuration of the example, written as a run folder ({@link RunFolder}),
 * with a checkpoint at every epoch end so that {@code --resume} continues a run that was stopped.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train the example CNN with one optimizer and write its run folder: config, history, "
            + "checkpoints and SavedModel.")
final class TrainCommand implements Callable<Integer> {
  /**
   * How many training images {@code train} predicts at the end, to compare with {@code predict}.
   */
  private static final int SHOWN_PREDICTIONS = 4;

  @Mixin DataOptions data;

  @Option(
      names = "--optimizer",
      defaultValue = "gc-rmsprop",
      description =
          "sgd, adam, adamax, nadam, adagrad, adadelta, ftrl or rmsprop, each also with the prefix gc- "
              + "(Gradient Centralization) or gcc- (GC of convolution kernels only) (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Mixin TrainingOptions training;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Run folder to write; must not exist or be empty (default: models/<optimizer>-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Continue the run in DIR from its last complete checkpoint, with its recorded configuration; "
              + "--epochs may change the epoch count and --data the data folder.")
  Path resume;

  @Option(
      names = "--keep-checkpoints",
      defaultValue = "2",
      description = "Checkpoints kept, the latest (default: ${DEFAULT-VALUE}).")
  int keepCheckpoints;

  @Spec CommandSpec spec;

  /** The run folder, once known: a stopped run names it in its resume line. */
  RunFolder run;

  @Override
  public Integer call() {
    training.validate();
    PrintStream console = System.out;
    RunConfig config;
    if (resume == null) {
      OptimizerConfig chosen = optimizerOptions.config(optimizer);
      config =
          new RunConfig(
              optimizer,
              training.epochs,
              training.batchSize,
              chosen.learningRate(),
              data.seed,
              data.limit,
              dataDir(data),
              data.resize,
              null,
              chosen.momentum(),
              chosen.nesterov(),
              chosen.clipvalue(),
              chosen.clipnorm(),
              chosen.globalClipnorm(),
              data.validationSplit,
              null,
              training.precision);
      run = RunFolder.create(out != null ? out : defaultRunFolder(config.optimizer()));
    } else {
      if (out != null) {
        throw new IllegalArgumentException(
            "--out and --resume exclude each other: a resumed run stays in its folder");
      }
      run = RunFolder.open(resume);
      config = resumedConfig(run.readConfig());
      data.data = Path.of(config.data());
      data.limit = config.limit();
      data.resize = config.resize();
      data.seed = config.seed();
      data.validationSplit = config.validationSplit();
    }
    train(run, config, console);
    return 0;
  }

  private void train(RunFolder run, RunConfig config, PrintStream console) {
    Pipeline.Options options =
        Pipeline.Options.defaults(config.seed()).withBatchSize(config.batchSize());
    try (LoadedDataset dataset = data.load(console);
        ImageSplit train = data.train(dataset);
        HoldOut holdOut = data.holdOut(dataset, train, config.seed(), console);
        Sequential augmentation = Augmentation.create();
        Pipeline trainDs = Pipeline.prepare(holdOut.train(), true, augmentation, options);
        Pipeline validationDs =
            holdOut.validation().map(v -> Pipeline.prepare(v, false, null, options)).orElse(null);
        Sequential model = Cnn.create(TrainingOptions.policy(config.precision()))) {
      run.writeConfig(config.withValidation(holdOut.description()));
      model.setSeed(config.seed());
      model.compile(
          "binary_crossentropy", optimizerConfig(config).create(model.graph()), "accuracy");
      console.print(model.summary());
      RunHistory previous = RunHistory.empty();
      if (resume != null) {
        previous =
            BackupAndRestore.restoreLatest(run.checkpoints(), model, config.epochs(), console)
                .orElseGet(
                    () -> {
                      console.println(
                          "No complete checkpoint in "
                              + run.checkpoints()
                              + "; training from the first epoch");
                      return RunHistory.empty();
                    });
      }
      int initialEpoch = previous.epochs().size();
      if (initialEpoch > config.epochs()) {
        throw new IllegalArgumentException(
            "the run has trained "
                + initialEpoch
                + " epochs already; --epochs "
                + config.epochs()
                + " would undo some");
      }
      BackupAndRestore backup = new BackupAndRestore(run.checkpoints(), previous, keepCheckpoints);
      TensorBoard tensorBoard =
          new TensorBoard(run.dir().resolve(RunFolder.LOGS), (double) config.learningRate());
      model.fit(
          trainDs,
          config.epochs(),
          initialEpoch,
          1,
          List.of(backup, tensorBoard),
          console,
          validationDs);
      RunHistory history = backup.history();
      run.writeHistory(history);
      SavedModelExport.export(model, Cnn::create, run.savedModel());

      RunHistory.Epoch last = history.epochs().get(history.epochs().size() - 1);
      console.println("Loss: " + last.loss());
      console.println("Accuracy: " + last.accuracy());
      console.println("Training Time: " + history.totalSeconds());
      if (last.valLoss() != null) {
        console.println("Validation loss: " + last.valLoss());
        console.println("Validation accuracy: " + last.valAccuracy());
      }
      printPredictions(
          model, Math.min(SHOWN_PREDICTIONS, trainDs.size()), holdOut.train(), console);
      console.println(
          "Wrote "
              + run.dir()
              + ": "
              + RunFolder.CONFIG
              + ", "
              + RunFolder.HISTORY_CSV
              + ", "
              + RunFolder.HISTORY_JSON
              + ", "
              + RunFolder.CHECKPOINTS
              + "/, "
              + RunFolder.SAVED_MODEL
              + "/");
    }
  }

  /**
   * The trained model's own predictions (in memory, inference mode) for the first training images,
   * in {@code predict}'s format: the exported model must give the same for the same files.
   */
  private static void printPredictions(
      Sequential model, int n, ImageSplit split, PrintStream console) {
    try (ImageSplit first = split.take(n);
        Pipeline ds =
            Pipeline.prepare(first, false, null, Pipeline.Options.defaults(0).withBatchSize(n));
        Batch batch = ds.epoch(0).next();
        TFloat32 probabilities = model.predict(batch.images())) {
      console.println(
          "In-memory predictions of the trained model for the first "
              + n
              + " training images"
              + " (file names relative to the train split):");
      for (int i = 0; i < n; i++) {
        console.println(new Prediction(first.fileNames().get(i), probabilities.getFloat(i, 0)));
      }
    }
  }

  /**
   * The recorded configuration, with the epoch count and data folder given now; any other training
   * option given now must agree with the recorded one, since the run continues with its own.
   */
  private RunConfig resumedConfig(RunConfig recorded) {
    requireUnchanged("--optimizer", optimizer, recorded.optimizer());
    requireUnchanged("--batch-size", training.batchSize, recorded.batchSize());
    requireUnchanged(
        "--learning-rate", optimizerOptions.rate.learningRate, recorded.learningRate());
    requireUnchanged("--momentum", optimizerOptions.momentum, recorded.momentum());
    requireUnchanged("--nesterov", optimizerOptions.nesterov, recorded.nesterov());
    requireUnchanged("--clipvalue", optimizerOptions.clipvalue, recorded.clipvalue());
    requireUnchanged("--clipnorm", optimizerOptions.clipnorm, recorded.clipnorm());
    requireUnchanged(
        "--global-clipnorm", optimizerOptions.globalClipnorm, recorded.globalClipnorm());
    requireUnchanged("--seed", data.seed, recorded.seed());
    requireUnchanged("--limit", data.limit, recorded.limit());
    requireUnchanged("--resize", data.resize, recorded.resize());
    requireUnchanged("--validation-split", data.validationSplit, recorded.validationSplit());
    requireUnchanged("--precision", training.precision, recorded.precision());
    RunConfig config = recorded;
    if (given("--epochs")) {
      config = config.withEpochs(training.epochs);
    }
    if (given("--data")) {
      config = config.withData(dataDir(data));
    }
    return config;
  }

  private void requireUnchanged(String option, Object given, Object recorded) {
    if (given(option) && !Objects.equals(given, recorded)) {
      throw new IllegalArgumentException(
          option
              + " "
              + given
              + " differs from the run's recorded "
              + recorded
              + "; a resumed run keeps its configuration");
    }
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** The optimizer a run's configuration names, with its recorded settings. */
  static OptimizerConfig optimizerConfig(RunConfig config) {
    return new OptimizerConfig(
        config.optimizer(),
        config.learningRate(),
        config.momentum(),
        config.nesterov(),
        config.clipvalue(),
        config.clipnorm(),
        config.globalClipnorm());
  }

  /** The data folder the options resolve to, absolute, for the run's configuration. */
  static String dataDir(DataOptions data) {
    return LoadOptions.of(data.data).dataDir().toAbsolutePath().normalize().toString();
  }

  /** {@code models/<name>-<yyyyMMdd-HHmmss>}, the default place of a new run. */
  static Path defaultRunFolder(String name) {
    return Path.of(
        "models",
        name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
