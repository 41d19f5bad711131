package io.github.gctfjava.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bench run: the machine's limit and every configuration's figures against it, as {@code bench}
 * prints them and {@code --json} writes them.
 *
 * @param batchSize examples per training step
 * @param limit the machine's limit in images/s
 * @param rows one per configuration, in the order of the matrix
 * @param oneDnnCheck the shipped row against oneDNN set by hand, when both ran
 * @param gcStepOverheadPercent GC's cost per synthetic step in the shipped row, when measured
 */
public record BenchReport(
    int batchSize,
    Limit limit,
    List<Row> rows,
    OneDnnCheck oneDnnCheck,
    Double gcStepOverheadPercent) {

  public BenchReport {
    rows = List.copyOf(rows);
  }

  /**
   * The machine's limit in training images/s: the best matmul rate the children measured over the
   * CNN's training FLOPs per image.
   *
   * @param matmulSize the side of the matmul
   * @param gflops the best of the children's medians
   * @param trainingGflopPerImage {@link FlopCount#training()}, in GFLOP
   * @param imagesPerSecond {@code gflops / trainingGflopPerImage}
   */
  public record Limit(
      int matmulSize, double gflops, double trainingGflopPerImage, double imagesPerSecond) {}

  /**
   * One configuration, its rounds' figures averaged.
   *
   * @param configuration the {@link Configuration#id()}
   * @param label what the table shows
   * @param settings what was in force in its (first) child
   * @param syntheticOptimizer the optimizer of the synthetic figures, or null when skipped
   * @param syntheticImagesPerSecond the rounds' mean, or null when skipped
   * @param syntheticFractionOfLimit the same over {@link Limit#imagesPerSecond()}
   * @param endToEndOptimizer the optimizer of the end-to-end figures, or null when skipped
   * @param endToEndImagesPerSecond the rounds' mean, or null when skipped
   * @param endToEndFractionOfLimit the same over the limit
   * @param endToEndCores process CPU seconds over wall-clock seconds of the epochs after the first,
   *     the rounds' mean: below the machine's cores when something else had the CPU
   * @param peakRssMib the largest child's peak RSS
   * @param children every child's report, one per round, in the order they ran
   */
  public record Row(
      String configuration,
      String label,
      ChildReport.Settings settings,
      String syntheticOptimizer,
      Double syntheticImagesPerSecond,
      Double syntheticFractionOfLimit,
      String endToEndOptimizer,
      Double endToEndImagesPerSecond,
      Double endToEndFractionOfLimit,
      Double endToEndCores,
      double peakRssMib,
      List<ChildReport> children) {
    public Row {
      children = List.copyOf(children);
    }
  }

  /** What the columns measured, naming only the parts that ran. */
  private String legend(Row row) {
    List<String> parts = new ArrayList<>();
    if (row.syntheticOptimizer() != null) {
      parts.add("synthetic: " + row.syntheticOptimizer() + " on one random batch");
    }
    if (row.endToEndOptimizer() != null) {
      parts.add(
          "e2e: " + row.endToEndOptimizer() + " through fit, the input pipeline and augmentation");
    }
    parts.add("batch " + batchSize);
    if (row.endToEndOptimizer() != null) {
      parts.add("cores: the e2e epochs' CPU seconds over their wall-clock seconds");
    }
    return String.join("; ", parts);
  }

  /**
   * Issue #9's check: started from a plain shell (no TF variables), the product runs at least
   * {@link #REQUIRED} as fast as with {@code TF_ENABLE_ONEDNN_OPTS=1} set by hand.
   *
   * @param syntheticRatio shipped over by-hand images/s on synthetic batches, or null
   * @param endToEndRatio the same end to end, or null
   * @param passed whether every ratio measured is at least {@link #REQUIRED}
   * @param spreadPercent how much two runs of the same row differed at most (the faster over the
   *     slower, minus one, in %, over both rows and both figures): the run's own noise, against
   *     which a ratio's distance from 1 can be read; null when each row ran once
   */
  public record OneDnnCheck(
      Double syntheticRatio, Double endToEndRatio, boolean passed, Double spreadPercent) {
    public static final double REQUIRED = 0.95;
  }

  /** The table, then the check and GC's cost. */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "limit: %dx%d matmul %.1f GFLOP/s (best child) / %.3f GFLOP a training image = %.1f"
            + " images/s%n",
        limit.matmulSize(),
        limit.matmulSize(),
        limit.gflops(),
        limit.trainingGflopPerImage(),
        limit.imagesPerSecond());
    String format = "%-46s %-36s %9s %8s %7s %8s %7s %6s %8s%n";
    out.printf(
        Locale.ROOT,
        format,
        "configuration",
        "settings in force",
        "GFLOP/s",
        "synth/s",
        "%limit",
        "e2e/s",
        "%limit",
        "cores",
        "RSS MiB");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          format,
          row.label(),
          row.settings().describe(),
          String.format(
              Locale.ROOT,
              "%.1f",
              Stats.mean(row.children().stream().map(ChildReport::ceilingGflops).toList())),
          figure(row.syntheticImagesPerSecond(), 1),
          percent(row.syntheticFractionOfLimit()),
          figure(row.endToEndImagesPerSecond(), 1),
          percent(row.endToEndFractionOfLimit()),
          figure(row.endToEndCores(), 2),
          figure(row.peakRssMib(), 0));
    }
    if (!rows.isEmpty()) {
      out.println(legend(rows.get(0)));
    }
    if (oneDnnCheck != null) {
      out.printf(
          Locale.ROOT,
          "%s unset (product sets it) / =1 by hand: synthetic %s, e2e %s: %s (need >= %.2f)%s%n",
          Configuration.ONEDNN,
          figure(oneDnnCheck.syntheticRatio(), 3),
          figure(oneDnnCheck.endToEndRatio(), 3),
          oneDnnCheck.passed() ? "pass" : "FAIL",
          OneDnnCheck.REQUIRED,
          oneDnnCheck.spreadPercent() == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  "; runs of the same row differed by up to %.1f%% (more --rounds and --epochs"
                      + " narrow it)",
                  oneDnnCheck.spreadPercent()));
    }
    if (gcStepOverheadPercent != null) {
      out.printf(
          Locale.ROOT,
          "GC's cost per synthetic step (median, shipped configuration): %+.1f%%%n",
          gcStepOverheadPercent);
    }
    for (Row row : rows) {
      ChildReport first = row.children().get(0);
      if (first.trace() != null) {
        out.printf(
            "step trace, %s: one %s step on the synthetic batch, op time by kernel (TF's"
                + " FULL_TRACE)%n",
            row.label(), row.syntheticOptimizer());
        first.trace().print(out);
      }
    }
  }

  private static String figure(Double value, int decimals) {
    return value == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String percent(Double fraction) {
    return fraction == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
