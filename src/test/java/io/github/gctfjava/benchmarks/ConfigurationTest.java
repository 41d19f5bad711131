package io.github.gctfjava.benchmarks;

import static io.github.gctfjava.benchmarks.Configuration.ALLOCATOR;
import static io.github.gctfjava.benchmarks.Configuration.ONEDNN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.layers.Dropout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTest {
  /** A parent shell with both variables set the other way, and one unrelated variable. */
  private static Map<String, String> parentShell() {
    Map<String, String> env = new HashMap<>();
    env.put(ONEDNN, "0");
    env.put(ALLOCATOR, "false");
    env.put("HOME", "/home/me");
    return env;
  }

  /** Each row's child environment: "-" is a variable removed, not set to an empty value. */
  @ParameterizedTest
  @CsvSource({"shipped, -, -", "onednn-1, 1, -", "onednn-0, 0, -", "bfc, -, true"})
  void eachRowSetsOrRemovesBothVariables(String id, String oneDnn, String allocator) {
    Map<String, String> env = parentShell();
    Configuration.byIds(List.of(id)).get(0).applyTo(env);
    assertEquals("-".equals(oneDnn) ? null : oneDnn, env.get(ONEDNN), id);
    assertEquals("-".equals(oneDnn), !env.containsKey(ONEDNN), id);
    assertEquals("-".equals(allocator) ? null : allocator, env.get(ALLOCATOR), id);
    assertEquals("-".equals(allocator), !env.containsKey(ALLOCATOR), id);
    assertEquals("/home/me", env.get("HOME"), "other variables pass through");
  }

  @Test
  void theMatrixStartsWithTheShippedRowAndItsByHandTwin() {
    List<String> ids = Configuration.levers().stream().map(Configuration::id).toList();
    assertEquals(
        List.of(
            "shipped",
            "onednn-1",
            "onednn-0",
            "bfc",
            "onednn-malloc",
            "dropout-uniform",
            "micro-batches-1",
            "micro-batches-4",
            "relu-before-pooling",
            "augment-ahead",
            "mixed-bfloat16"),
        ids);
    assertEquals(
        ONEDNN + " unset (product sets it)", Configuration.levers().get(0).label(), "table label");
  }

  /**
   * The real child process builder, not a copy: the shipped row's child never sees the variable.
   */
  @Test
  void theShippedChildProcessHasNoOneDnnVariable() {
    // The test JVM has TF_ENABLE_ONEDNN_OPTS=1 from surefire's configuration.
    assertEquals("1", System.getenv(ONEDNN));
    Map<String, String> env =
        Bench.childProcess(Configuration.byIds(List.of("shipped")).get(0)).environment();
    assertFalse(env.containsKey(ONEDNN), env.toString());
    assertFalse(env.containsKey(ALLOCATOR));
    Map<String, String> byHand =
        Bench.childProcess(Configuration.byIds(List.of("onednn-1")).get(0)).environment();
    assertEquals("1", byHand.get(ONEDNN));
  }

  @Test
  void theChildRunsThisJavaAndClassPath() {
    List<String> command = Bench.childCommand();
    assertTrue(command.get(0).endsWith("java"), command.get(0));
    int cp = command.indexOf("-cp");
    assertEquals(System.getProperty("java.class.path"), command.get(cp + 1));
    assertEquals(ChildRun.class.getName(), command.get(command.size() - 1));
  }

  @Test
  void aRowNamedTwiceIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Configuration.byIds(List.of("shipped", "bfc", "shipped")));
    assertEquals(
        "configuration 'shipped' is named twice; give --rounds to run rows again", e.getMessage());
  }

  @Test
  void anUnknownRowNamesItselfAndTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Configuration.byIds(List.of("shipped", "mkl")));
    assertEquals(
        "unknown configuration 'mkl'; valid: shipped, onednn-1, onednn-0, bfc, onednn-malloc,"
            + " dropout-uniform, micro-batches-1, micro-batches-4,"
            + " relu-before-pooling, augment-ahead, mixed-bfloat16",
        e.getMessage());
  }

  /** The model levers change the child's CNN only; their environment is the shipped row's. */
  @Test
  void theModelLeversDifferFromTheShippedRowInTheModelOnly() {
    Configuration shipped = Configuration.byIds(List.of("shipped")).get(0);
    Configuration uniform = Configuration.byIds(List.of("dropout-uniform")).get(0);
    Configuration bf16 = Configuration.byIds(List.of("mixed-bfloat16")).get(0);
    Configuration unsplit = Configuration.byIds(List.of("micro-batches-1")).get(0);
    Configuration kerasOrder = Configuration.byIds(List.of("relu-before-pooling")).get(0);
    Configuration ahead = Configuration.byIds(List.of("augment-ahead")).get(0);
    assertEquals(Dropout.Mask.BITS, shipped.dropout());
    assertEquals("float32", shipped.precision());
    assertEquals(Cnn.MICRO_BATCHES, shipped.microBatches());
    assertEquals(Dropout.Mask.UNIFORM, uniform.dropout());
    assertEquals("mixed_bfloat16", bf16.precision());
    assertEquals(1, unsplit.microBatches());
    assertTrue(shipped.reluAfterPooling());
    assertFalse(kerasOrder.reluAfterPooling());
    assertFalse(shipped.augmentAhead());
    assertTrue(ahead.augmentAhead());
    assertTrue(ahead.reluAfterPooling());
    for (Configuration row : List.of(uniform, bf16, unsplit, kerasOrder, ahead)) {
      assertEquals(shipped.set(), row.set(), row.id());
      assertEquals(shipped.unset(), row.unset(), row.id());
    }
  }

  @Test
  void anUnknownPrecisionIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Configuration(
                "x", "x", Map.of(), List.of(), Dropout.Mask.BITS, "float16", 1, true, false));
  }

  @Test
  void aRowCannotBothSetAndUnsetAVariable() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Configuration("x", "x", Map.of(ONEDNN, "1"), List.of(ONEDNN)));
  }
}
