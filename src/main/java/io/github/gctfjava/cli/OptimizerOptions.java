package io.github.gctfjava.cli;

import io.github.gctfjava.optimizers.OptimizerConfig;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The optimizer's settings, shared by {@code train}, {@code compare} and {@code bench}, with
 * Keras's names; each command has its own {@code --optimizer} (its default differs).
 */
final class OptimizerOptions {
  @Mixin LearningRateOption rate;

  @Option(
      names = "--momentum",
      paramLabel = "M",
      description = "Momentum of sgd or rmsprop (Keras's default: 0).")
  Float momentum;

  @Option(names = "--nesterov", description = "Nesterov momentum (sgd only).")
  boolean nesterov;

  @Option(
      names = "--clipvalue",
      paramLabel = "V",
      description = "Clip each gradient element to [-V, V].")
  Float clipvalue;

  @Option(
      names = "--clipnorm",
      paramLabel = "N",
      description = "Clip each gradient to norm N (per tensor).")
  Float clipnorm;

  @Option(
      names = "--global-clipnorm",
      paramLabel = "N",
      description = "Clip all gradients together to global norm N.")
  Float globalClipnorm;

  /**
   * The named optimizer with these settings; one line naming the valid names when it is unknown.
   */
  OptimizerConfig config(String name) {
    return new OptimizerConfig(
        name, rate.learningRate, momentum, nesterov, clipvalue, clipnorm, globalClipnorm);
  }

  /**
   * The pair a comparison trains: {@code adam} gives {@code adam} and {@code gc-adam}; {@code
   * gcc-adam} gives {@code adam} and {@code gcc-adam}.
   */
  List<OptimizerConfig> pair(String name) {
    OptimizerConfig given = config(name);
    return given.centralized()
        ? List.of(given.withName(OptimizerConfig.kerasName(name)), given)
        : List.of(given, given.withName(OptimizerConfig.GC + name));
  }
}
