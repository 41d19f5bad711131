package io.github.gctfjava.cli;

import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.runtime.CpuFeatures;
import picocli.CommandLine.Option;

/**
 * The example's training settings, shared by {@code compare} and {@code train}; the optimizer's are
 * {@link OptimizerOptions}.
 */
final class TrainingOptions {
  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "Epochs to train (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--precision",
      defaultValue = "float32",
      description =
          "Keras's dtype policy: float32, or mixed_bfloat16 (bfloat16 convolutions and matmuls; "
              + "float32 variables, optimizer, Gradient Centralization and loss); float32 on a CPU "
              + "without native bfloat16 (default: ${DEFAULT-VALUE}).")
  String precision;

  /**
   * Refuses a setting that training would refuse anyway, first thing in a command: before the data
   * are loaded and before any run folder is made, so a refused run costs nothing and leaves
   * nothing.
   */
  void validate() {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    Policy.of(precision);
  }

  /** The policy a run's recorded precision names, as it runs on this machine's CPU. */
  static Policy policy(String precision) {
    return Policy.of(precision).on(CpuFeatures.detect(), System.err);
  }
}
