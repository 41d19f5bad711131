package io.github.gctfjava.cli;

import io.github.gctfjava.optimizers.GCRMSprop;
import io.github.gctfjava.optimizers.RMSprop;
import java.util.List;
import org.tensorflow.Graph;
import picocli.CommandLine.Option;

/** The example's training settings, shared by {@code compare} and {@code train}. */
final class TrainingOptions {
  static final List<String> OPTIMIZERS = List.of("rmsprop", "gc-rmsprop");

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "1e-4", description = "RMSprop learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  /**
   * Refuses a setting that training would refuse anyway, first thing in a command: before the data
   * are loaded and before any run folder is made, so a refused run costs nothing and leaves nothing.
   */
  void validate() {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("--learning-rate must be a positive number, got " + learningRate);
    }
  }

  /** The optimizer named as on the command line ({@code rmsprop}, {@code gc-rmsprop}), on a model's graph. */
  static RMSprop optimizer(String name, Graph graph, float learningRate) {
    requireKnown(name);
    return "gc-rmsprop".equals(name) ? new GCRMSprop(graph, learningRate) : new RMSprop(graph, learningRate);
  }

  static void requireKnown(String optimizer) {
    if (!OPTIMIZERS.contains(optimizer)) {
      throw new IllegalArgumentException("--optimizer must be rmsprop or gc-rmsprop, got '" + optimizer + "'");
    }
  }
}
