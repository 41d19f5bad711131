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
import io.github.gctfjava.layers.Sequential;
import io.github.gctfjava.optimizers.GCRMSprop;
import io.github.gctfjava.optimizers.RMSprop;
import io.github.gctfjava.plot.HistoryChart;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compare}: the main job, the example end to end, RMSprop then GCRMSprop. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Train the example CNN with RMSprop, then with GCRMSprop, and print the example's comparison.")
final class CompareCommand implements Callable<Integer> {
  /** How the two runs start. */
  enum Protocol {
    /** Both runs from the same initial weights, each with a fresh optimizer. */
    fair,
    /** As published: one model compiled twice, the GC run continuing from the first run's weights. */
    keras_io
  }

  @Mixin DataOptions data;

  @Mixin TrainingOptions training;

  @Option(names = "--protocol", defaultValue = "fair", converter = ProtocolConverter.class,
      description = "fair (same initial weights, fresh optimizers) or keras-io (the published sequence) (default: fair).")
  Protocol protocol;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Also draw both runs' loss and accuracy per epoch on one chart, as a PNG.")
  Path plot;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where the two run folders rmsprop/ and gc-rmsprop/ go (default: models/compare-<yyyyMMdd-HHmmss>).")
  Path runs;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    Path dir = runs != null ? runs : TrainCommand.defaultRunFolder("compare");
    RunFolder noGcFolder;
    RunFolder gcFolder;
    Pipeline.Options options = Pipeline.Options.defaults(data.seed).withBatchSize(training.batchSize);
    try (LoadedDataset dataset = data.load(out);
        ImageSplit train = data.limit == null ? null : dataset.train().take(data.limit);
        HoldOut holdOut = data.holdOut(dataset, train == null ? dataset.train() : train, data.seed, out);
        Sequential augmentation = Augmentation.create();
        Pipeline trainDs = Pipeline.prepare(holdOut.train(), true, augmentation, options);
        Pipeline validationDs = holdOut.validation().map(v -> Pipeline.prepare(v, false, null, options)).orElse(null)) {
      // Made once the arguments and the data are known good, before hours of training are spent.
      noGcFolder = RunFolder.create(dir.resolve("rmsprop"));
      gcFolder = RunFolder.create(dir.resolve("gc-rmsprop"));
      noGcFolder.writeConfig(config("rmsprop", holdOut));
      gcFolder.writeConfig(config("gc-rmsprop", holdOut));
      RunHistory noGc;
      RunHistory gc;
      if (protocol == Protocol.fair) {
        FairProtocol fair = new FairProtocol((name, graph) -> TrainingOptions.optimizer(name, graph,
            training.learningRate), trainDs, validationDs, new FairProtocol.Settings(data.seed, training.epochs, 1), out);
        noGc = fair.train("rmsprop", noGcFolder);
        gc = fair.train("gc-rmsprop", gcFolder);
      } else {
        try (Sequential model = Cnn.create()) {
          model.setSeed(data.seed);
          noGc = history(Comparison.train(model, new RMSprop(model.graph(), training.learningRate), trainDs,
              validationDs, training.epochs, out));
          write(noGcFolder, model, noGc);
          gc = history(Comparison.train(model, new GCRMSprop(model.graph(), training.learningRate), trainDs,
              validationDs, training.epochs, out));
          write(gcFolder, model, gc);
        }
      }
      Comparison.print(noGc, gc, out);
      if (plot != null) {
        new HistoryChart().add("RMSprop", noGc.metrics()).add("GCRMSprop", gc.metrics()).write(plot);
        out.println("Wrote the loss and accuracy curves to " + plot);
      }
    }
    out.println("Wrote " + noGcFolder.dir() + " and " + gcFolder.dir());
    return 0;
  }

  private RunConfig config(String optimizer, HoldOut holdOut) {
    return new RunConfig(optimizer, training.epochs, training.batchSize, training.learningRate, data.seed, data.limit,
        TrainCommand.dataDir(data), data.resize, protocol.name().replace('_', '-'), data.validationSplit,
        holdOut.description());
  }

  private static RunHistory history(Comparison.Run run) {
    return RunHistory.of(run.history(), run.times());
  }

  /** One keras-io run's folder, as {@code train} writes it (without checkpoints): history, SavedModel. */
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
        throw new picocli.CommandLine.TypeConversionException("expected fair or keras-io, got '" + value + "'");
      }
    }
  }
}
