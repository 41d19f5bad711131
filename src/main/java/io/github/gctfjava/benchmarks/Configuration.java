package io.github.gctfjava.benchmarks;

import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.runtime.TensorFlowRuntime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of the lever matrix: how a child JVM's environment differs from the parent's. TF reads
 * these variables only while its library loads, so each configuration needs a process of its own.
 *
 * @param id short name for {@code bench --configurations}
 * @param label what the row shows in the table
 * @param set variables set in the child's environment, overriding the parent's
 * @param unset variables removed from the child's environment, whatever the parent has
 * @param dropout how the child's CNN draws its dropout masks
 * @param precision the child's dtype policy ({@code float32} or {@code mixed_bfloat16})
 * @param microBatches how many micro-batches each training step of the child's CNN runs as
 * @param reluAfterPooling whether the child's CNN applies its convolutions' relu after the pooling
 *     (the shipped graph) or before it, in Keras's order ({@code Sequential#setReluAfterPooling})
 * @param augmentAhead whether the child's input pipeline augments batches ahead, beside the
 *     training step (a map with 1 parallel call, then {@code prefetch(1)}), or each when the step
 *     asks for it (shipped: {@code Pipeline.Options})
 */
public record Configuration(
    String id,
    String label,
    Map<String, String> set,
    List<String> unset,
    Dropout.Mask dropout,
    String precision,
    int microBatches,
    boolean reluAfterPooling,
    boolean augmentAhead) {
  public static final String ONEDNN = TensorFlowRuntime.ONEDNN_VARIABLE;
  public static final String ALLOCATOR = "TF_CPU_ALLOCATOR_USE_BFC";
  public static final String SYSTEM_ALLOCATOR = TensorFlowRuntime.SYSTEM_ALLOCATOR_VARIABLE;

  /** Every variable a row decides. */
  private static final List<String> ALL = List.of(ONEDNN, ALLOCATOR, SYSTEM_ALLOCATOR);

  /** The product as shipped, started from a plain shell: the id the other rows are compared to. */
  public static final String SHIPPED = "shipped";

  /** oneDNN set to 1 by hand: the shipped row must be at least 95% as fast (issue #9). */
  public static final String ONEDNN_BY_HAND = "onednn-1";

  /** A row that differs from the shipped one in its environment only. */
  public Configuration(String id, String label, Map<String, String> set, List<String> unset) {
    this(
        id,
        label,
        set,
        unset,
        Dropout.Mask.BITS,
        Policy.FLOAT32.name(),
        Cnn.MICRO_BATCHES,
        true,
        false);
  }

  /** A row that runs the shipped environment with its CNN built otherwise. */
  private static Configuration model(
      String id, String label, Dropout.Mask dropout, Policy policy, int microBatches) {
    return new Configuration(
        id, label, Map.of(), ALL, dropout, policy.name(), microBatches, true, false);
  }

  public Configuration {
    Policy.of(precision);
    if (microBatches < 1) {
      throw new IllegalArgumentException(
          "configuration " + id + ": microBatches must be at least 1, got " + microBatches);
    }
    set = Map.copyOf(set);
    unset = List.copyOf(unset);
    for (String name : unset) {
      if (set.containsKey(name)) {
        throw new IllegalArgumentException("configuration " + id + " both sets and unsets " + name);
      }
    }
  }

  /**
   * Every lever on and off against the shipped configuration, in the order they run: the shipped
   * row and its by-hand twin first, side by side. Every row names both variables, so what the
   * parent's shell has set never leaks into a row.
   */
  public static List<Configuration> levers() {
    return List.of(
        new Configuration(SHIPPED, ONEDNN + " unset (product sets it)", Map.of(), ALL),
        new Configuration(
            ONEDNN_BY_HAND, ONEDNN + "=1 by hand", Map.of(ONEDNN, "1"), except(ALL, ONEDNN)),
        new Configuration("onednn-0", ONEDNN + "=0", Map.of(ONEDNN, "0"), except(ALL, ONEDNN)),
        new Configuration(
            "bfc", ALLOCATOR + "=true", Map.of(ALLOCATOR, "true"), except(ALL, ALLOCATOR)),
        new Configuration(
            "onednn-malloc",
            SYSTEM_ALLOCATOR + "=1 (malloc, not oneDNN's pool)",
            Map.of(SYSTEM_ALLOCATOR, "1"),
            except(ALL, SYSTEM_ALLOCATOR)),
        model(
            "dropout-uniform",
            "dropout masks from float uniforms",
            Dropout.Mask.UNIFORM,
            Policy.FLOAT32,
            Cnn.MICRO_BATCHES),
        model(
            "micro-batches-1",
            "the whole batch in one pass (Keras's step)",
            Dropout.Mask.BITS,
            Policy.FLOAT32,
            1),
        model("micro-batches-4", "4 micro-batches a step", Dropout.Mask.BITS, Policy.FLOAT32, 4),
        new Configuration(
            "relu-before-pooling",
            "relu before dropout and pooling (Keras's order)",
            Map.of(),
            ALL,
            Dropout.Mask.BITS,
            Policy.FLOAT32.name(),
            Cnn.MICRO_BATCHES,
            false,
            false),
        new Configuration(
            "augment-ahead",
            "batches augmented ahead, beside the step (map 1, prefetch 1)",
            Map.of(),
            ALL,
            Dropout.Mask.BITS,
            Policy.FLOAT32.name(),
            Cnn.MICRO_BATCHES,
            true,
            true),
        model(
            "mixed-bfloat16",
            "--precision mixed_bfloat16",
            Dropout.Mask.BITS,
            Policy.MIXED_BFLOAT16,
            Cnn.MICRO_BATCHES));
  }

  private static List<String> except(List<String> names, String kept) {
    return names.stream().filter(n -> !n.equals(kept)).toList();
  }

  /** The configurations named, in the order given; throws naming an unknown id. */
  public static List<Configuration> byIds(List<String> ids) {
    Map<String, Configuration> all = new LinkedHashMap<>();
    levers().forEach(c -> all.put(c.id(), c));
    // A row's rounds are one list of figures: a second mention would pool with the first.
    Set<String> named = new HashSet<>();
    for (String id : ids) {
      if (!named.add(id)) {
        throw new IllegalArgumentException(
            "configuration '" + id + "' is named twice; give --rounds to run rows again");
      }
    }
    return ids.stream()
        .map(
            id -> {
              Configuration c = all.get(id);
              if (c == null) {
                throw new IllegalArgumentException(
                    "unknown configuration '"
                        + id
                        + "'; valid: "
                        + String.join(", ", all.keySet()));
              }
              return c;
            })
        .toList();
  }

  /** Applies this row to a child's environment (a ProcessBuilder's, or any copy of one). */
  public void applyTo(Map<String, String> environment) {
    unset.forEach(environment::remove);
    environment.putAll(set);
  }
}
