package io.github.gctfjava.benchmarks;

import io.github.gctfjava.runtime.TensorFlowRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the lever matrix: how a child JVM's environment differs from the parent's. TF reads
 * these variables only while its library loads, so each configuration needs a process of its own.
 *
 * @param id short name for {@code bench --configurations}
 * @param label what the row shows in the table
 * @param set variables set in the child's environment, overriding the parent's
 * @param unset variables removed from the child's environment, whatever the parent has
 */
public record Configuration(String id, String label, Map<String, String> set, List<String> unset) {
  public static final String ONEDNN = TensorFlowRuntime.ONEDNN_VARIABLE;
  public static final String ALLOCATOR = "TF_CPU_ALLOCATOR_USE_BFC";

  /** The product as shipped, started from a plain shell: the id the other rows are compared to. */
  public static final String SHIPPED = "shipped";

  /** oneDNN set to 1 by hand: the shipped row must be at least 95% as fast (issue #9). */
  public static final String ONEDNN_BY_HAND = "onednn-1";

  public Configuration {
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
    // Dropout.Mask lever: add a row here (e.g. "dropout-bits", no env change) and carry the mask to
    // the child in BenchPlan, where ChildRun.model() builds the CNN.
    return List.of(
        new Configuration(
            SHIPPED, ONEDNN + " unset (product sets it)", Map.of(), List.of(ONEDNN, ALLOCATOR)),
        new Configuration(
            ONEDNN_BY_HAND, ONEDNN + "=1 by hand", Map.of(ONEDNN, "1"), List.of(ALLOCATOR)),
        new Configuration("onednn-0", ONEDNN + "=0", Map.of(ONEDNN, "0"), List.of(ALLOCATOR)),
        new Configuration("bfc", ALLOCATOR + "=true", Map.of(ALLOCATOR, "true"), List.of(ONEDNN)));
  }

  /** The configurations named, in the order given; throws naming an unknown id. */
  public static List<Configuration> byIds(List<String> ids) {
    Map<String, Configuration> all = new LinkedHashMap<>();
    levers().forEach(c -> all.put(c.id(), c));
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
