package io.github.gctfjava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gctfjava.export.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static final ChildReport.Settings ON =
      new ChildReport.Settings(
          true, "TF_ENABLE_ONEDNN_OPTS=1 set by gc-tfjava", "unset", 2, 2, "cpu");

  /**
   * A child whose synthetic steps take {@code plainMs} (rmsprop) and {@code gcMs} (gc-rmsprop), at
   * batch 100, and whose steady end-to-end epoch of 1000 images takes {@code epochSeconds}.
   */
  private static ChildReport child(
      String id, double gflops, List<Double> plainMs, List<Double> gcMs, double epochSeconds) {
    return new ChildReport(
        id,
        ON,
        gflops,
        1.6,
        List.of(
            new ChildReport.Steps("rmsprop", plainMs, 100 * 1000 / Stats.median(plainMs)),
            new ChildReport.Steps("gc-rmsprop", gcMs, 100 * 1000 / Stats.median(gcMs))),
        new ChildReport.Epochs(
            "gc-rmsprop",
            1000,
            List.of(30.0, epochSeconds),
            List.of(55.0, 38.0),
            List.of(4.0, 3.0),
            1000 / epochSeconds),
        5000,
        null);
  }

  private static BenchReport report() {
    Map<String, List<ChildReport>> children = new LinkedHashMap<>();
    children.put(
        "shipped",
        List.of(
            child("shipped", 150, List.of(1000.0, 1200.0, 1100.0), List.of(1000.0, 1250.0), 20),
            child("shipped", 160, List.of(900.0), List.of(1000.0), 25)));
    children.put("onednn-1", List.of(child("onednn-1", 140, List.of(1000.0), List.of(1000.0), 20)));
    return Bench.report(100, 4096, Configuration.levers().subList(0, 2), children);
  }

  /** Hand-computed: limit 160 / 1.6 = 100 images/s; rows average their rounds. */
  @Test
  void figuresAgainstTheLimit() {
    BenchReport report = report();
    assertEquals(160, report.limit().gflops(), 0, "the best child's ceiling");
    assertEquals(100, report.limit().imagesPerSecond(), 1e-9);
    BenchReport.Row shipped = report.rows().get(0);
    // gc-rmsprop medians 1125 and 1000 ms: 88.89 and 100 images/s, mean 94.44.
    assertEquals((100000 / 1125.0 + 100.0) / 2, shipped.syntheticImagesPerSecond(), 1e-9);
    assertEquals(
        shipped.syntheticImagesPerSecond() / 100, shipped.syntheticFractionOfLimit(), 1e-12);
    // End to end 50 and 40 images/s.
    assertEquals(45, shipped.endToEndImagesPerSecond(), 1e-9);
    assertEquals(0.45, shipped.endToEndFractionOfLimit(), 1e-12);
    // Steady epochs: 38 CPU s in 20 and in 25 wall-clock s.
    assertEquals((38 / 20.0 + 38 / 25.0) / 2, shipped.endToEndCores(), 1e-12);
    assertEquals(2, shipped.children().size());
    // By hand: 100 synthetic and 50 end to end.
    assertEquals(
        shipped.syntheticImagesPerSecond() / 100, report.oneDnnCheck().syntheticRatio(), 1e-12);
    assertEquals(0.9, report.oneDnnCheck().endToEndRatio(), 1e-12);
    assertFalse(report.oneDnnCheck().passed(), "0.90 < 0.95");
    // The shipped row's two runs: 100 against 88.89 synthetic (12.5%), 50 against 40 end to end.
    assertEquals(25, report.oneDnnCheck().spreadPercent(), 1e-9);
    // GC over plain, both rounds pooled: medians of {1000,1250,1000} and {1000,1200,1100,900}.
    assertEquals(100 * (1000 / 1050.0 - 1), report.gcStepOverheadPercent(), 1e-9);
  }

  @Test
  void withoutTheByHandRowThereIsNoCheck() {
    Map<String, List<ChildReport>> children =
        Map.of("onednn-0", List.of(child("onednn-0", 100, List.of(1.0), List.of(1.0), 1)));
    BenchReport report =
        Bench.report(100, 4096, Configuration.byIds(List.of("onednn-0")), children);
    assertNull(report.oneDnnCheck());
    assertNull(report.gcStepOverheadPercent());
  }

  /** --json: the typed report comes back equal, with the table's figures under snake_case keys. */
  @Test
  void jsonRoundTrip(@TempDir Path dir) throws IOException {
    BenchReport report = report();
    Path file = dir.resolve("bench.json");
    Json.write(file, report);
    assertEquals(report, Json.read(file, BenchReport.class));
    JsonNode tree = new ObjectMapper().readTree(file.toFile());
    assertEquals(100, tree.at("/limit/images_per_second").asDouble(), 1e-9);
    assertEquals(0.45, tree.at("/rows/0/end_to_end_fraction_of_limit").asDouble(), 1e-12);
    assertEquals(0.9, tree.at("/one_dnn_check/end_to_end_ratio").asDouble(), 1e-12);
    assertEquals("unset", tree.at("/rows/0/settings/allocator").asText());
    assertEquals(2, tree.at("/rows/0/children/1/settings/intra_op_threads").asInt());
  }

  /** The table prints every row's images/s and % of the limit, and the check's verdict. */
  @Test
  void theTable() {
    String table = printed(report());
    assertTrue(table.contains("= 100.0 images/s"), table);
    assertTrue(
        table
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("TF_ENABLE_ONEDNN_OPTS=1 by hand")
                        && l.contains(" 100.0 ")
                        && l.contains(" 100.0% ")
                        && l.contains(" 50.0% ")
                        && l.contains(" 1.90 ")),
        table);
    assertTrue(
        table.contains(
            "e2e 0.900: FAIL (need >= 0.95); runs of the same row differed by up to 25.0%"),
        table);
  }

  /** The legend names what ran: without the pipeline (--skip-pipeline) there is no e2e part. */
  @Test
  void theLegendNamesOnlyWhatRan() {
    ChildReport full = child("shipped", 150, List.of(1000.0), List.of(1000.0), 20);
    String table = printed(shipped(withParts(full, null, null)));
    assertTrue(table.contains("synthetic: gc-rmsprop on one random batch; batch 100\n"), table);
    assertFalse(table.contains("null"), table);
    assertTrue(
        printed(report())
            .contains(
                "synthetic: gc-rmsprop on one random batch; e2e: gc-rmsprop through fit, the input"
                    + " pipeline and augmentation; batch 100; cores:"));
  }

  /** A row whose child traced its step prints the trace under the table, under the row's name. */
  @Test
  void printsTheTraceOfARowThatHasOne() {
    ChildReport plain = child("shipped", 150, List.of(1000.0), List.of(1000.0), 20);
    StepTrace trace =
        new StepTrace(List.of(new StepTrace.Op("_MklNativeFusedConv2D", 8, 120.0)), 120.0, 80.0);
    String table = printed(shipped(withParts(plain, plain.endToEnd(), trace)));
    assertTrue(table.contains("step trace, " + Configuration.levers().get(0).label()), table);
    assertTrue(table.contains("one gc-rmsprop step on the synthetic batch"), table);
    assertTrue(table.contains("1.50 ops running at a time"), table);
    assertFalse(printed(report()).contains("step trace"));
  }

  /** {@code child} with another end-to-end part and trace (either may be null). */
  private static ChildReport withParts(
      ChildReport child, ChildReport.Epochs endToEnd, StepTrace trace) {
    return new ChildReport(
        child.configuration(),
        child.settings(),
        child.ceilingGflops(),
        child.trainingGflopPerImage(),
        child.synthetic(),
        endToEnd,
        child.peakRssMib(),
        trace);
  }

  /** The report of one shipped row with this one child. */
  private static BenchReport shipped(ChildReport child) {
    return Bench.report(
        100, 4096, Configuration.levers().subList(0, 1), Map.of("shipped", List.of(child)));
  }

  private static String printed(BenchReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The child's one stdout line, found among whatever else reached stdout. */
  @Test
  void theChildProtocol() throws IOException {
    ChildReport sent = child("bfc", 120, List.of(1.0, 2.0), List.of(3.0), 10);
    String stdout = "noise from a native library\n" + ChildRun.format(sent) + "\nmore noise\n";
    assertEquals(sent, ChildRun.parse(stdout));
    assertThrows(IOException.class, () -> ChildRun.parse("no report\n"));
    assertThrows(
        IOException.class,
        () -> ChildRun.parse(ChildRun.format(sent) + "\n" + ChildRun.format(sent)));
  }

  /** What the parent sends: the plan comes back equal, optimizer settings included. */
  @Test
  void thePlanRoundTrip() throws IOException {
    BenchPlan plan =
        new BenchPlan(
            "shipped",
            128,
            2,
            5,
            2,
            0,
            0,
            4096,
            1337,
            List.of(
                io.github.gctfjava.optimizers.OptimizerConfig.of("rmsprop", 1e-4f),
                new io.github.gctfjava.optimizers.OptimizerConfig(
                    "gc-rmsprop", 1e-4f, 0.9f, false, null, 1f, null)),
            io.github.gctfjava.optimizers.OptimizerConfig.of("gc-rmsprop", 1e-4f),
            "/data",
            null,
            false,
            true);
    assertEquals(plan, Json.parse(Json.toLine(plan), BenchPlan.class));
    assertEquals(plan.withConfiguration("bfc").configuration(), "bfc");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BenchPlan(
                "x", 128, 2, 5, 1, 0, 0, 4096, 1, List.of(), null, null, null, false, false));
    // The trace is of a synthetic step: asking for it without any is refused.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BenchPlan(
                "x", 128, 2, 5, 2, 0, 0, 4096, 1, List.of(), null, null, null, false, true));
  }

  @Test
  void peakRssFromProcStatus() {
    assertEquals(
        6786.5,
        PeakRss.parseMib(List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t 6949376 kB")),
        0);
    assertTrue(Double.isNaN(PeakRss.parseMib(List.of("Name:\tjava"))));
  }
}
