package io.github.gctfjava.cli;

import io.github.gctfjava.data.HoldOut;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.example.Comparison;
import io.github.gctfjava.example.FairProtocol;
import io.github.gctfjava.export.RunConfig;
import io.github.gctfjava.export.RunFolder;
import io.github.gctfjava.export.RunHistory;
import io.github.gctfjava.export.SavedModelExport;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.plot.HistoryChart;
import io.github.gctfjava.training.Sequential;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compare}: the main job, the example end to end, RMSprop then GCRMSprop; with {@code
 * --optimizer adam}, Adam then Adam with GC (any optimizer and its GC or GCC form).
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Train the example CNN with an optimizer (default RMSprop), then with the same optimizer with "
            + "Gradient Centralization, and print the example's comparison.")
final class CompareCommand implements Callable<Integer> {
  /** How the two runs start. */
  enum Protocol {
    /** Both runs from the same initial weights, each with a fresh optimizer. */
    fair,
    /**
     * As published: one model compiled twice, the GC run continuing from the first run's weights.
     */
    keras_io
  }

  @Mixin DataOptions data;

  /** The example's pair, whose closing block is printed exactly as the example prints it. */
  private static final List<String> EXAMPLE_PAIR = List.of("rmsprop", "gc-rmsprop");

  @Mixin TrainingOptions training;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(
      names = "--optimizer",
      defaultValue = "rmsprop",
      description =
          "The optimizer without GC (sgd, adam, adamax, nadam, adagrad, adadelta, ftrl, rmsprop), trained "
              + "against gc-<it>; or gc-<name> / gcc-<name>, trained against <name> (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--protocol",
      defaultValue = "fair",
      converter = ProtocolConverter.class,
      description =
          "fair (same initial weights, fresh optimizers) or keras-io (the published sequence) (default: fair).")
  Protocol protocol;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description = "Also draw both runs' loss and accuracy per epoch on one chart, as a PNG.")
  Path plot;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where the two run folders (named after the optimizers: rmsprop/ and gc-rmsprop/) go "
              + "(default: models/compare-<yyyyMMdd-HHmmss>).")
  Path runs;

  @Override
  public Integer call() {
    training.validate();
    Policy policy = TrainingOptions.policy(training.precision);
    PrintStream out = System.out;
    List<OptimizerConfig> pair = optimizerOptions.pair(optimizer);
    OptimizerConfig noGcOptimizer = pair.get(0);
    OptimizerConfig gcOptimizer = pair.get(1);
    Path dir = runs != null ? runs : TrainCommand.defaultRunFolder("compare");
    RunFolder noGcFolder;
    RunFolder gcFolder;
    Pipeline.Options options =
        Pipeline.Options.defaults(data.seed).withBatchSize(training.batchSize);
    try (LoadedDataset dataset = data.load(out);
        ImageSplit train = data.train(dataset);
        HoldOut holdOut = data.holdOut(dataset, train, data.seed, out);
        Sequential augmentation = Augmentation.create();
        Pipeline trainDs = Pipeline.prepare(holdOut.train(), true, augmentation, options);
        Pipeline validationDs =
            holdOut.validation().map(v -> Pipeline.prepare(v, false, null, options)).orElse(null)) {
      // Made once the arguments and the data are known good, before hours of training are spent.
      noGcFolder = RunFolder.create(dir.resolve(noGcOptimizer.name()));
      gcFolder = RunFolder.create(dir.resolve(gcOptimizer.name()));
      noGcFolder.writeConfig(config(noGcOptimizer, holdOut));
      gcFolder.writeConfig(config(gcOptimizer, holdOut));
      RunHistory noGc;
      RunHistory gc;
      // The protocols differ only in how one run is trained: keras-io compiles one model twice.
      try (Sequential kerasIoModel = protocol == Protocol.keras_io ? Cnn.create(policy) : null) {
        BiFunction<OptimizerConfig, RunFolder, RunHistory> run;
        if (kerasIoModel == null) {
          Map<String, OptimizerConfig> byName =
              Map.of(noGcOptimizer.name(), noGcOptimizer, gcOptimizer.name(), gcOptimizer);
          FairProtocol fair =
              new FairProtocol(
                  (name, graph) -> byName.get(name).create(graph),
                  trainDs,
                  validationDs,
                  new FairProtocol.Settings(data.seed, training.epochs, 1, policy),
                  out);
          run = (optimizer, folder) -> fair.train(optimizer.name(), folder);
        } else {
          kerasIoModel.setSeed(data.seed);
          run =
              (optimizer, folder) -> {
                RunHistory history =
                    history(
                        Comparison.train(
                            kerasIoModel,
                            optimizer.create(kerasIoModel.graph()),
                            trainDs,
                            validationDs,
                            training.epochs,
                            out));
                write(folder, kerasIoModel, history);
                return history;
              };
        }
        noGc = run.apply(noGcOptimizer, noGcFolder);
        gc = run.apply(gcOptimizer, gcFolder);
      }
      if (EXAMPLE_PAIR.equals(List.of(noGcOptimizer.name(), gcOptimizer.name()))) {
        Comparison.print(noGc, gc, out);
      } else {
        Comparison.print(noGcOptimizer.name(), noGc, gcOptimizer.name(), gc, out);
      }
      if (plot != null) {
        new HistoryChart()
            .add(noGcOptimizer.name(), noGc.metrics())
            .add(gcOptimizer.name(), gc.metrics())
            .write(plot);
        out.println("Wrote the loss and accuracy curves to " + plot);
      }
    }
    out.println("Wrote " + noGcFolder.dir() + " and " + gcFolder.dir());
    return 0;
  }

  private RunConfig config(OptimizerConfig optimizer, HoldOut holdOut) {
    return new RunConfig(
        optimizer.name(),
        training.epochs,
        training.batchSize,
        optimizer.learningRate(),
        data.seed,
        data.limit,
        TrainCommand.dataDir(data),
        data.resize,
        protocol.name().replace('_', '-'),
        optimizer.momentum(),
        optimizer.nesterov(),
        optimizer.clipvalue(),
        optimizer.clipnorm(),
        optimizer.globalClipnorm(),
        data.validationSplit,
        holdOut.description(),
        training.precision);
  }

  private static RunHistory history(Comparison.Run run) {
    return RunHistory.of(run.history(), run.times());
  }

  /**
   * One keras-io run's folder, as {@code train} writes it (without checkpoints): history,
   * SavedModel.
   */
  private static void write(RunFolder folder, Sequential model, RunHistory history) {
    SavedModelExport.export(model, Cnn::create, folder.savedModel());
    folder.writeHistory(history);
  }

  /** Accepts the documented spelling {@code keras-io}. */
  static final class ProtocolConverter implements picocli.CommandLine.ITypeConverter<Protocol> {
    @Override
    public Protocol convert(String value) {
      try {
        return Protocol.valueOf(value.replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected fair or keras-io, got '" + value + "'");
      }
    }
  }
}
