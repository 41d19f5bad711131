package io.github.gctfjava.cli;

import picocli.CommandLine.Option;

/** The example's training settings, shared by {@code compare} and {@code train}; the optimizer's are {@link OptimizerOptions}. */
final class TrainingOptions {
  @Option(names = "--epochs", defaultValue = "10", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;
}
