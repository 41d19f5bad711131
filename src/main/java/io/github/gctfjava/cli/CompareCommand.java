package io.github.gctfjava.cli;

import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.example.Comparison;
import io.github.gctfjava.example.Comparison.Run;
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
    training.validate();
    PrintStream out = System.out;
    Path dir = runs != null ? runs : TrainCommand.defaultRunFolder("compare");
    RunFolder noGcFolder;
    RunFolder gcFolder;
    try (LoadedDataset dataset = data.load(out);
        ImageSplit train = data.limit == null ? null : dataset.train().take(data.limit);
        Sequential augmentation = Augmentation.create();
        Pipeline trainDs = Pipeline.prepare(train == null ? dataset.train() : train, true, augmentation,
            Pipeline.Options.defaults(data.seed).withBatchSize(training.batchSize))) {
      // Made once the arguments and the data are known good, before hours of training are spent.
      noGcFolder = RunFolder.create(dir.resolve("rmsprop"));
      gcFolder = RunFolder.create(dir.resolve("gc-rmsprop"));
      Run noGc;
      Run gc;
      if (protocol == Protocol.fair) {
        try (Sequential model = Cnn.create()) {
          model.setSeed(data.seed);
          noGc = Comparison.train(model, new RMSprop(model.graph(), training.learningRate), trainDs,
              training.epochs, out);
          write(noGcFolder, "rmsprop", model, noGc);
        }
        try (Sequential model = Cnn.create()) {
          model.setSeed(data.seed);
          gc = Comparison.train(model, new GCRMSprop(model.graph(), training.learningRate), trainDs,
              training.epochs, out);
          write(gcFolder, "gc-rmsprop", model, gc);
        }
      } else {
        try (Sequential model = Cnn.create()) {
          model.setSeed(data.seed);
          noGc = Comparison.train(model, new RMSprop(model.graph(), training.learningRate), trainDs,
              training.epochs, out);
          write(noGcFolder, "rmsprop", model, noGc);
          gc = Comparison.train(model, new GCRMSprop(model.graph(), training.learningRate), trainDs,
              training.epochs, out);
          write(gcFolder, "gc-rmsprop", model, gc);
        }
      }
      Comparison.print(noGc, gc, out);
      if (plot != null) {
        new HistoryChart().add("RMSprop", noGc.history()).add("GCRMSprop", gc.history()).write(plot);
        out.println("Wrote the loss and accuracy curves to " + plot);
      }
    }
    out.println("Wrote " + noGcFolder.dir() + " and " + gcFolder.dir());
    return 0;
  }

  /** One run's folder, as {@code train} writes it (without checkpoints): config, history, SavedModel. */
  private void write(RunFolder folder, String optimizer, Sequential model, Run run) {
    folder.writeConfig(new RunConfig(optimizer, training.epochs, training.batchSize, training.learningRate,
        data.seed, data.limit,
        TrainCommand.dataDir(data), data.resize, protocol.name().replace('_', '-')));
    folder.writeHistory(RunHistory.of(run.history(), run.times()));
    SavedModelExport.export(model, Cnn::create, folder.savedModel());
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
