package io.github.gctfjava.cli;

import picocli.CommandLine.Option;

/** Keras's {@code learning_rate} as {@code --learning-rate}, for every command that trains. */
final class LearningRateOption {
  @Option(
      names = "--learning-rate",
      defaultValue = "1e-4",
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;
}
