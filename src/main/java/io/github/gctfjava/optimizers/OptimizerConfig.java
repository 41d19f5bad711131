package io.github.gctfjava.optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.framework.optimizers.AdaDelta;
import org.tensorflow.framework.optimizers.Ftrl;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Momentum;
import org.tensorflow.framework.optimizers.Optimizer;

/**
 * An optimizer by its Keras name and settings, as the command line gives it: {@code sgd}, {@code
 * adam}, {@code adamax}, {@code nadam}, {@code adagrad}, {@code adadelta}, {@code ftrl} or {@code
 * rmsprop}, each also as {@code gc-<name>} (Gradient Centralization) and {@code gcc-<name>} (GC of
 * convolution kernels only), with Keras's {@code learning_rate}, {@code momentum} and {@code
 * nesterov} (SGD; RMSprop takes {@code momentum} too), {@code clipvalue}, {@code clipnorm} and
 * {@code global_clipnorm}; every other argument at its Keras default.
 *
 * @param momentum null when not given (Keras's default, 0)
 * @param clipvalue null when not given; likewise {@code clipnorm} and {@code globalClipnorm}
 */
public record OptimizerConfig(
    String name,
    float learningRate,
    Float momentum,
    boolean nesterov,
    Float clipvalue,
    Float clipnorm,
    Float globalClipnorm) {
  /** Keras's names of the optimizers, without a GC prefix. */
  public static final List<String> KERAS_NAMES =
      List.of("sgd", "adam", "adamax", "nadam", "adagrad", "adadelta", "ftrl", "rmsprop");

  public static final String GC = "gc-";
  public static final String GCC = "gcc-";

  /**
   * @throws IllegalArgumentException naming the unknown optimizer or the setting it does not take
   */
  public OptimizerConfig {
    if (!names().contains(name)) {
      throw new IllegalArgumentException(
          "unknown optimizer '" + name + "'; valid: " + String.join(", ", names()));
    }
    String keras = kerasName(name);
    if (momentum != null && !List.of("sgd", "rmsprop").contains(keras)) {
      throw new IllegalArgumentException("momentum applies to sgd and rmsprop, not to " + keras);
    }
    if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    if (nesterov && !"sgd".equals(keras)) {
      throw new IllegalArgumentException("nesterov applies to sgd, not to " + keras);
    }
    if (clipnorm != null && globalClipnorm != null) {
      throw new IllegalArgumentException("Cannot accept both clipnorm and global_clipnorm");
    }
    if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning_rate must be >= 0, got " + learningRate);
    }
    requirePositive("clipvalue", clipvalue);
    requirePositive("clipnorm", clipnorm);
    requirePositive("global_clipnorm", globalClipnorm);
  }

  // Checked here, not only by GradientClipping, so that a bad value is refused before a run starts.
  private static void requirePositive(String argument, Float value) {
    if (value != null && (!(value > 0) || value.isInfinite())) {
      throw new IllegalArgumentException(argument + " must be > 0, got " + value);
    }
  }

  /** {@code name} with every other setting at Keras's default. */
  public static OptimizerConfig of(String name, float learningRate) {
    return new OptimizerConfig(name, learningRate, null, false, null, null, null);
  }

  /** Every valid name: the Keras names, then with {@code gc-}, then with {@code gcc-}. */
  public static List<String> names() {
    return Stream.of("", GC, GCC)
        .flatMap(prefix -> KERAS_NAMES.stream().map(n -> prefix + n))
        .toList();
  }

  /** The Keras name without its GC prefix: {@code adam} for {@code gc-adam}. */
  public static String kerasName(String name) {
    return name.startsWith(GCC)
        ? name.substring(GCC.length())
        : name.startsWith(GC) ? name.substring(GC.length()) : name;
  }

  /** The same settings under another name (a comparison's other optimizer). */
  public OptimizerConfig withName(String newName) {
    return new OptimizerConfig(
        newName, learningRate, momentum, nesterov, clipvalue, clipnorm, globalClipnorm);
  }

  public boolean centralized() {
    return !kerasName(name).equals(name);
  }

  /**
   * The optimizer on {@code graph}, with Keras's gradient transformers in Keras's order ({@code
   * clipvalue}, {@code clipnorm}, {@code global_clipnorm}), then GC or GCC.
   */
  public TransformedOptimizer create(Graph graph) {
    List<GradientTransformer> transformers = new ArrayList<>();
    if (clipvalue != null) {
      transformers.add(GradientClipping.clipvalue(clipvalue));
    }
    if (clipnorm != null) {
      transformers.add(GradientClipping.clipnorm(clipnorm));
    }
    if (globalClipnorm != null) {
      transformers.add(GradientClipping.globalClipnorm(globalClipnorm));
    }
    if (name.startsWith(GCC)) {
      transformers.add(GradientCentralization.gcc());
    } else if (name.startsWith(GC)) {
      transformers.add(GradientCentralization.gc());
    }
    return TransformedOptimizer.of(
        kerasOptimizer(graph), transformers.toArray(GradientTransformer[]::new));
  }

  /**
   * The optimizer with Keras 2.x semantics for the name: the project's class, or TF Java's where
   * they agree.
   */
  private Optimizer kerasOptimizer(Graph graph) {
    float m = momentum == null ? 0f : momentum;
    return switch (kerasName(name)) {
      case "sgd" ->
          m > 0
              ? new Momentum(graph, learningRate, m, nesterov)
              : new GradientDescent(graph, learningRate);
      case "adam" -> new Adam(graph, learningRate);
      case "adamax" -> new Adamax(graph, learningRate);
      case "nadam" -> new Nadam(graph, learningRate);
      case "adagrad" -> new Adagrad(graph, learningRate);
      case "adadelta" -> new AdaDelta(graph, learningRate);
      case "ftrl" -> new Ftrl(graph, learningRate);
      case "rmsprop" ->
          new RMSprop(
              graph,
              "RMSprop",
              learningRate,
              RMSprop.RHO_DEFAULT,
              m,
              RMSprop.EPSILON_DEFAULT,
              false);
      default -> throw new IllegalStateException("no optimizer for " + name);
    };
  }
}
