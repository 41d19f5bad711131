package io.github.gctfjava.benchmarks;

import io.github.gctfjava.export.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bench: every configuration of the lever matrix in a child JVM of its own (same java, same
 * class path, the environment changed as the row says), since TF reads its environment only when
 * its library loads. The parent loads no TF; it collects the children's reports and puts them
 * against the machine's limit.
 */
public final class Bench {
  private Bench() {}

  /**
   * Runs the configurations in the order of {@link #schedule} and prints every child's log on
   * {@code log}.
   *
   * @param plan what each child measures; its configuration is set per row
   */
  public static BenchReport run(
      BenchPlan plan, List<Configuration> configurations, int rounds, PrintStream log) {
    if (rounds < 1 || configurations.isEmpty()) {
      throw new IllegalArgumentException(
          "need rounds >= 1 and a configuration, got rounds "
              + rounds
              + " and "
              + configurations.size()
              + " configurations");
    }
    Map<String, List<ChildReport>> reports = new LinkedHashMap<>();
    configurations.forEach(c -> reports.put(c.id(), new ArrayList<>()));
    for (Configuration configuration : schedule(configurations, rounds)) {
      BenchPlan child = plan.withConfiguration(configuration.id());
      reports.get(configuration.id()).add(runChild(configuration, child, log));
    }
    return report(plan.batchSize(), plan.matmulSize(), configurations, reports);
  }

  /**
   * The children in the order they run: {@code rounds} times every configuration, every other round
   * in reverse order so that the machine's drift half cancels. With an odd number of rounds the
   * plain-shell check's two rows (shipped and oneDNN set by hand), when both are named, run once
   * more at the end, in reverse: the check compares two runs of one configuration, and on a busy
   * machine a single pair differed by more than the 5% it tests.
   */
  static List<Configuration> schedule(List<Configuration> configurations, int rounds) {
    List<Configuration> order = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<Configuration> once = new ArrayList<>(configurations);
      if (round % 2 == 1) {
        Collections.reverse(once);
      }
      order.addAll(once);
    }
    List<Configuration> pair =
        configurations.stream()
            .filter(
                c ->
                    c.id().equals(Configuration.SHIPPED)
                        || c.id().equals(Configuration.ONEDNN_BY_HAND))
            .collect(Collectors.toCollection(ArrayList::new));
    if (rounds % 2 == 1 && pair.size() == 2) {
      Collections.reverse(pair);
      order.addAll(pair);
    }
    return order;
  }

  /** The report from the children's: the limit, one row per configuration, the checks. */
  static BenchReport report(
      int batchSize,
      int matmulSize,
      List<Configuration> configurations,
      Map<String, List<ChildReport>> reports) {
    List<ChildReport> all = reports.values().stream().flatMap(List::stream).toList();
    double gflops = all.stream().mapToDouble(ChildReport::ceilingGflops).max().orElseThrow();
    double gflopPerImage = all.get(0).trainingGflopPerImage();
    BenchReport.Limit limit =
        new BenchReport.Limit(matmulSize, gflops, gflopPerImage, gflops / gflopPerImage);
    List<BenchReport.Row> rows = new ArrayList<>();
    for (Configuration configuration : configurations) {
      rows.add(row(configuration, reports.get(configuration.id()), limit.imagesPerSecond()));
    }
    return new BenchReport(
        batchSize, limit, rows, oneDnnCheck(rows), gcOverhead(reports.get(Configuration.SHIPPED)));
  }

  private static BenchReport.Row row(
      Configuration configuration, List<ChildReport> children, double limit) {
    ChildReport first = children.get(0);
    ChildReport.Steps gcSteps =
        first.synthetic().isEmpty() ? null : first.synthetic().get(first.synthetic().size() - 1);
    Double synthetic = gcSteps == null ? null : Stats.mean(syntheticRuns(children));
    Double endToEnd = first.endToEnd() == null ? null : Stats.mean(endToEndRuns(children));
    return new BenchReport.Row(
        configuration.id(),
        configuration.label(),
        first.settings(),
        gcSteps == null ? null : gcSteps.optimizer(),
        synthetic,
        synthetic == null ? null : synthetic / limit,
        first.endToEnd() == null ? null : first.endToEnd().optimizer(),
        endToEnd,
        endToEnd == null ? null : endToEnd / limit,
        endToEnd == null ? null : Stats.mean(children.stream().map(Bench::cores).toList()),
        children.stream().mapToDouble(ChildReport::peakRssMib).max().orElse(Double.NaN),
        children);
  }

  /** Each child's images/s on synthetic batches with the GC optimizer (its last measured). */
  private static List<Double> syntheticRuns(List<ChildReport> children) {
    return children.stream()
        .map(c -> c.synthetic().get(c.synthetic().size() - 1).imagesPerSecond())
        .toList();
  }

  /** Each child's images/s end to end. */
  private static List<Double> endToEndRuns(List<ChildReport> children) {
    return children.stream().map(c -> c.endToEnd().imagesPerSecond()).toList();
  }

  /** CPU seconds over wall-clock seconds of a child's epochs after the first. */
  private static double cores(ChildReport child) {
    ChildReport.Epochs epochs = child.endToEnd();
    int n = epochs.epochSeconds().size();
    double cpu = epochs.processCpuSeconds().subList(1, n).stream().mapToDouble(d -> d).sum();
    double wall = epochs.epochSeconds().subList(1, n).stream().mapToDouble(d -> d).sum();
    return cpu / wall;
  }

  /** The shipped row over the by-hand one, where both ran. */
  private static BenchReport.OneDnnCheck oneDnnCheck(List<BenchReport.Row> rows) {
    BenchReport.Row shipped = find(rows, Configuration.SHIPPED);
    BenchReport.Row byHand = find(rows, Configuration.ONEDNN_BY_HAND);
    if (shipped == null || byHand == null) {
      return null;
    }
    Double synthetic = ratio(shipped.syntheticImagesPerSecond(), byHand.syntheticImagesPerSecond());
    Double endToEnd = ratio(shipped.endToEndImagesPerSecond(), byHand.endToEndImagesPerSecond());
    boolean passed =
        (synthetic != null || endToEnd != null)
            && (synthetic == null || synthetic >= BenchReport.OneDnnCheck.REQUIRED)
            && (endToEnd == null || endToEnd >= BenchReport.OneDnnCheck.REQUIRED);
    return new BenchReport.OneDnnCheck(
        synthetic, endToEnd, passed, spreadPercent(List.of(shipped, byHand)));
  }

  /** The largest faster-over-slower difference, in %, between two runs of one of the rows. */
  private static Double spreadPercent(List<BenchReport.Row> rows) {
    Double spread = null;
    for (BenchReport.Row row : rows) {
      if (row.children().size() < 2) {
        continue;
      }
      List<List<Double>> figures = new ArrayList<>();
      if (row.syntheticImagesPerSecond() != null) {
        figures.add(syntheticRuns(row.children()));
      }
      if (row.endToEndImagesPerSecond() != null) {
        figures.add(endToEndRuns(row.children()));
      }
      for (List<Double> runs : figures) {
        double percent = 100 * (Collections.max(runs) / Collections.min(runs) - 1);
        spread = spread == null ? percent : Math.max(spread, percent);
      }
    }
    return spread;
  }

  private static BenchReport.Row find(List<BenchReport.Row> rows, String id) {
    return rows.stream().filter(r -> r.configuration().equals(id)).findFirst().orElse(null);
  }

  private static Double ratio(Double a, Double b) {
    return a == null || b == null ? null : a / b;
  }

  /** GC's median step over the plain optimizer's, minus one, in %, over the shipped row's steps. */
  private static Double gcOverhead(List<ChildReport> shipped) {
    if (shipped == null || shipped.get(0).synthetic().size() != 2) {
      return null;
    }
    List<Double> plain = new ArrayList<>();
    List<Double> gc = new ArrayList<>();
    for (ChildReport child : shipped) {
      plain.addAll(child.synthetic().get(0).stepMs());
      gc.addAll(child.synthetic().get(1).stepMs());
    }
    return 100 * (Stats.median(gc) / Stats.median(plain) - 1);
  }

  /**
   * The command that starts a child: the java binary running this JVM, its heap settings, and its
   * class path.
   */
  static List<String> childCommand() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    // Heap and system properties only: a debugger's or agent's options would clash in a second JVM.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-D"))
        .forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildRun.class.getName());
    return command;
  }

  /** A process builder for one configuration's child, its environment changed as the row says. */
  static ProcessBuilder childProcess(Configuration configuration) {
    ProcessBuilder builder = new ProcessBuilder(childCommand());
    // environment() is the JVM's copy of its own: the parent's C environment, which
    // TensorFlowRuntime may have changed with setenv, does not reach the child through it.
    configuration.applyTo(builder.environment());
    return builder.redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  private static ChildReport runChild(
      Configuration configuration, BenchPlan plan, PrintStream log) {
    log.println("bench: starting " + configuration.id() + " (" + configuration.label() + ")");
    try {
      Process process = childProcess(configuration).start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(Json.toLine(plan).getBytes(StandardCharsets.UTF_8));
      }
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      stdout.lines().filter(line -> !line.startsWith(ChildRun.MARKER)).forEach(log::println);
      if (exit != 0) {
        throw new ChildFailedException(configuration.id(), "exit status " + exit);
      }
      return ChildRun.parse(stdout);
    } catch (IOException e) {
      throw new ChildFailedException(configuration.id(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildFailedException(configuration.id(), "interrupted");
    }
  }

  /** A child that did not report: its configuration and why. */
  public static final class ChildFailedException extends IllegalStateException {
    private final String configuration;

    ChildFailedException(String configuration, String why) {
      super("bench configuration " + configuration + " failed: " + why + " (its log is above)");
      this.configuration = configuration;
    }

    public String configuration() {
      return configuration;
    }
  }
}
