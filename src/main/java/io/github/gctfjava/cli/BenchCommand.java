package io.github.gctfjava.cli;

import io.github.gctfjava.benchmarks.Bench;
import io.github.gctfjava.benchmarks.BenchPlan;
import io.github.gctfjava.benchmarks.BenchReport;
import io.github.gctfjava.benchmarks.Configuration;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.export.Json;
import io.github.gctfjava.optimizers.OptimizerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: training images/s of the shipped configuration and of each lever on and off, each
 * in a JVM of its own, against the machine's limit (see {@link Bench}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure training images/s (synthetic batches, and end to end through the input pipeline with"
            + " augmentation) of the shipped configuration and of each TF lever on and off, as a"
            + " fraction of the machine's limit; GC's cost per step.")
final class BenchCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(
      names = "--optimizer",
      defaultValue = "rmsprop",
      description =
          "The optimizer measured against its GC form, as compare takes it; the GC form also runs"
              + " end to end (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--configurations",
      split = ",",
      paramLabel = "ID",
      defaultValue =
          "shipped,onednn-1,onednn-0,bfc,onednn-malloc,dropout-uniform,micro-batches-1,"
              + "micro-batches-4,relu-before-pooling,augment-ahead,mixed-bfloat16",
      description =
          "Rows of the lever matrix to run, in this order (default: ${DEFAULT-VALUE}): the product as"
              + " shipped (TF_ENABLE_ONEDNN_OPTS unset, the product sets it), "
              + "TF_ENABLE_ONEDNN_OPTS=1 by hand, =0, TF_CPU_ALLOCATOR_USE_BFC=true,"
              + " TF_ONEDNN_USE_SYSTEM_ALLOCATOR=1 (malloc), dropout masks from float uniforms,"
              + " each batch in one pass (Keras's step) and in 4 micro-batches instead of the"
              + " shipped 2, relu before dropout and pooling (Keras's order) instead of after,"
              + " batches augmented ahead beside the step instead of when it asks,"
              + " --precision mixed_bfloat16.")
  List<String> configurations;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description =
          "Runs of every configuration, every other round in reverse order (default:"
              + " ${DEFAULT-VALUE}); with an odd number, the shipped row and its by-hand twin run"
              + " once more at the end, in reverse, for the plain-shell check.")
  int rounds;

  @Option(
      names = "--steps",
      defaultValue = "5",
      description = "Measured synthetic steps per optimizer (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Synthetic warm-up steps left out (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--epochs",
      defaultValue = "2",
      description =
          "Epochs end to end per configuration; the first is warm-up (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--intra-op",
      defaultValue = "0",
      description = "TF intra-op threads, 0 = TF's default (default: ${DEFAULT-VALUE}).")
  int intraOp;

  @Option(
      names = "--inter-op",
      defaultValue = "0",
      description = "TF inter-op threads, 0 = TF's default (default: ${DEFAULT-VALUE}).")
  int interOp;

  @Option(names = "--skip-synthetic", description = "Leave out the synthetic-batch measurements.")
  boolean skipSynthetic;

  @Option(names = "--skip-pipeline", description = "Leave out the end-to-end measurements.")
  boolean skipPipeline;

  @Option(
      names = "--trace",
      description =
          "Also trace one synthetic step of the GC optimizer in every configuration and print its"
              + " op time by kernel (TF's full trace), as the step trace in docs/performance.md.")
  boolean trace;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(
      names = "--matmul-size",
      defaultValue = "4096",
      description =
          "Side of the square matmul that measures the machine's limit (default: ${DEFAULT-VALUE}).")
  int matmulSize;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    if (trace && skipSynthetic) {
      throw new IllegalArgumentException(
          "--trace traces a synthetic step: it cannot go with --skip-synthetic");
    }
    List<OptimizerConfig> pair = optimizerOptions.pair(optimizer);
    List<Configuration> rows = Configuration.byIds(configurations);
    String dataDir = skipPipeline ? null : dataDir();
    BenchPlan plan =
        new BenchPlan(
            "",
            batchSize,
            warmup,
            steps,
            epochs,
            intraOp,
            interOp,
            matmulSize,
            data.seed,
            skipSynthetic ? List.of() : pair,
            skipPipeline ? null : pair.get(1),
            dataDir,
            data.limit,
            data.resize,
            trace);
    if (!skipPipeline && dataDir == null) {
      out.println(
          "end to end: skipped, no data (give --data DIR or set " + LoadOptions.DATA_ENV + ")");
    }
    BenchReport report = Bench.run(plan, rows, rounds, System.err);
    report.print(out);
    if (json != null) {
      Json.write(json, report);
      out.println("Wrote " + json);
    }
    return 0;
  }

  /** --data, else $HOH_DATA; null when neither is given (the bench never downloads). */
  private String dataDir() {
    if (data.data != null) {
      return data.data.toAbsolutePath().toString();
    }
    String env = System.getenv(LoadOptions.DATA_ENV);
    return env == null || env.isBlank() ? null : Path.of(env).toAbsolutePath().toString();
  }
}
