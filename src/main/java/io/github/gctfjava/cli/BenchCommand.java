package io.github.gctfjava.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.gctfjava.benchmarks.ComputeCeiling;
import io.github.gctfjava.benchmarks.FlopCount;
import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.runtime.RuntimeSettings;
import io.github.gctfjava.runtime.TensorFlowRuntime;
import io.github.gctfjava.training.Sequential;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: steady-state training speed without and with GC, on synthetic batches (pure
 * compute) and through the real input pipeline, plus the input pipeline alone. Warm-up steps are
 * left out of every figure. Figures, not assertions: the machines are shared and noisy.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure training step time and images/s without and with GC, and the input pipeline's images/s.")
final class BenchCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(
      names = "--optimizer",
      defaultValue = "rmsprop",
      description =
          "The optimizer measured against its GC form, as compare takes it (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--steps",
      defaultValue = "8",
      description = "Measured synthetic steps per optimizer (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Warm-up steps left out (default: ${DEFAULT-VALUE}).")
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
          "Epochs through the real pipeline per configuration; the first is warm-up (default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--skip-pipeline", description = "Leave out the measurements on the real data.")
  boolean skipPipeline;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(
      names = "--matmul-size",
      defaultValue = "4096",
      description =
          "Side of the square matmul that measures the machine's limit (default: ${DEFAULT-VALUE}).")
  int matmulSize;

  /** USER_HZ, the unit of /proc's CPU times: 100 on Linux x86-64 and arm64. */
  private static final double CLOCK_TICKS_PER_SECOND = 100;

  private final PrintStream out = System.out;
  private final Map<String, Object> report = new LinkedHashMap<>();

  /** The optimizer without GC and with it, by name. */
  private Map<String, OptimizerConfig> pair;

  @Override
  public Integer call() throws IOException {
    if (steps < 1 || warmup < 0 || epochs < 2) {
      throw new IllegalArgumentException(
          "need --steps >= 1, --warmup >= 0 and --epochs >= 2 (the first is warm-up)");
    }
    pair = new LinkedHashMap<>();
    optimizerOptions.pair(optimizer).forEach(config -> pair.put(config.name(), config));
    report.put("optimizers", List.copyOf(pair.keySet()));
    report.put("batch_size", batchSize);
    report.put("intra_op_threads", intraOp);
    report.put("inter_op_threads", interOp);
    report.put("processors", Runtime.getRuntime().availableProcessors());
    double limit = machineLimit();
    if (!skipSynthetic) {
      synthetic();
    }
    if (!skipPipeline) {
      try (LoadedDataset dataset = data.load(out);
          ImageSplit train = data.limit == null ? null : dataset.train().take(data.limit)) {
        ImageSplit split = train == null ? dataset.train() : train;
        report.put("pipeline_only_plain", pipelineOnly(split, null, "plain"));
        report.put("pipeline_only_augmented_separate", pipelineOnly(split, false, "separate"));
        report.put("pipeline_only_augmented", pipelineOnly(split, true, "augmented"));
        String noGc = names().get(0);
        report.put("pipeline_train_" + noGc + "_plain", throughPipeline(split, noGc, false));
        for (String name : names()) {
          report.put("pipeline_train_" + name, throughPipeline(split, name, true));
        }
      }
    }
    printFractions(limit);
    report.put("peak_rss_mib", peakRssMib());
    out.printf("peak RSS: %.0f MiB%n", (double) report.get("peak_rss_mib"));
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), report);
      out.println("Wrote " + json);
    }
    return 0;
  }

  /**
   * The settings in force and the machine's limit in images/s: the matmul ceiling divided by the
   * CNN's FLOPs per training image.
   */
  private double machineLimit() {
    RuntimeSettings runtime = TensorFlowRuntime.configure();
    String allocator =
        Objects.requireNonNullElse(
            System.getenv("TF_CPU_ALLOCATOR_USE_BFC"), "unset (TF's default)");
    report.put("cpu", runtime.cpu().describe());
    report.put("onednn", runtime.oneDnn());
    report.put("onednn_source", runtime.oneDnnSource());
    report.put("tf_cpu_allocator_use_bfc", allocator);
    out.println(
        "settings: "
            + runtime.describe()
            + "; TF_CPU_ALLOCATOR_USE_BFC "
            + allocator
            + "; threads intra-op "
            + (intraOp > 0 ? intraOp : "TF's default")
            + ", inter-op "
            + (interOp > 0 ? interOp : "TF's default"));
    double gflops = ComputeCeiling.gflops(matmulSize, 5);
    double trainingGflop;
    try (Sequential cnn = Cnn.create()) {
      trainingGflop = FlopCount.of(cnn).training() / 1e9;
    }
    double limit = gflops / trainingGflop;
    report.put("matmul_size", matmulSize);
    report.put("matmul_gflops_median", gflops);
    report.put("training_gflop_per_image", trainingGflop);
    report.put("limit_images_per_second", limit);
    out.printf(
        Locale.ROOT,
        "limit: %dx%d matmul %.1f GFLOP/s / %.3f GFLOP a training image = %.1f images/s%n",
        matmulSize,
        matmulSize,
        gflops,
        trainingGflop,
        limit);
    return limit;
  }

  /**
   * Each configuration's images/s as a fraction of the machine's limit, into the report and
   * printed.
   */
  private void printFractions(double limit) {
    out.println("images/s and fraction of the limit:");
    report.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?> figures
              && figures.get("images_per_second") instanceof Double imagesPerSecond) {
            @SuppressWarnings("unchecked")
            Map<String, Object> writable = (Map<String, Object>) figures;
            writable.put("fraction_of_limit", imagesPerSecond / limit);
            out.printf(
                Locale.ROOT,
                "  %-40s %7.1f  %5.1f%%%n",
                name,
                imagesPerSecond,
                100 * imagesPerSecond / limit);
          }
        });
  }

  /** A fresh model compiled with the named optimizer, on the configured thread pools. */
  private Sequential compiled(String optimizer) {
    return compiled(Cnn.create(), optimizer);
  }

  /**
   * The CNN with the augmentation as its first layers, the other place Keras puts it: trained on
   * synthetic batches, this is the training compute plus the augmentation's, with no input
   * pipeline.
   */
  private Sequential compiledWithAugmentation(String optimizer) {
    List<Layer> layers = new ArrayList<>(Augmentation.create().layers());
    layers.addAll(Cnn.create().layers());
    return compiled(
        new Sequential("augmented", HorsesOrHumans.IMAGE_SHAPE, layers).setFuseTransforms(true),
        optimizer);
  }

  private Sequential compiled(Sequential model, String optimizer) {
    model.setSeed(data.seed);
    ConfigProto.Builder config = ConfigProto.newBuilder();
    if (intraOp > 0) {
      config.setIntraOpParallelismThreads(intraOp);
    }
    if (interOp > 0) {
      config.setInterOpParallelismThreads(interOp);
    }
    model.setSessionConfig(config.build());
    model.compile("binary_crossentropy", pair.get(optimizer).create(model.graph()), "accuracy");
    return model;
  }

  private List<String> names() {
    return List.copyOf(pair.keySet());
  }

  /**
   * Training steps on one fixed random batch: the model's compute alone. The two optimizers' steps
   * alternate, so that both see the same machine load; GC's cost is the ratio of medians.
   */
  private void synthetic() {
    String noGc = names().get(0);
    String gc = names().get(1);
    try (Sequential plain = compiled(noGc);
        Sequential centralized = compiled(gc);
        Result batch = syntheticBatch(batchSize, data.seed)) {
      TFloat32 images = (TFloat32) batch.get(0);
      TInt64 labels = (TInt64) batch.get(1);
      Map<String, Sequential> models = Map.of(noGc, plain, gc, centralized);
      Map<String, List<Double>> millis = Map.of(noGc, new ArrayList<>(), gc, new ArrayList<>());
      for (int i = 0; i < warmup + steps; i++) {
        for (String optimizer : names()) {
          long start = System.nanoTime();
          models.get(optimizer).trainOnBatch(images, labels);
          if (i >= warmup) {
            millis.get(optimizer).add((System.nanoTime() - start) / 1e6);
          }
        }
      }
      for (String optimizer : names()) {
        Map<String, Object> figures = stepFigures(millis.get(optimizer), batchSize);
        report.put("synthetic_" + optimizer, figures);
        out.printf("synthetic %-10s: %s%n", optimizer, describe(figures));
      }
      double overhead = 100 * (median(millis.get(gc)) / median(millis.get(noGc)) - 1);
      report.put("gc_step_overhead_percent", overhead);
      out.printf("GC step overhead (median step time): %+.1f%%%n", overhead);
    }
  }

  /**
   * Whole epochs through prepare(shuffle, augment) while training, back to back as {@code fit} runs
   * them (the first is warm-up), against pure-compute epochs on the same model (synthetic batches
   * of the same sizes, no pipeline running) measured just before and just after, so that the
   * machine's drift during the run shows and half cancels. With augmentation, the same epochs are
   * also timed on a model that augments in its own graph ({@link #compiledWithAugmentation}): the
   * input pipeline's own overhead is the difference from those.
   */
  private Map<String, Object> throughPipeline(ImageSplit split, String optimizer, boolean augment) {
    int remainder = split.size() % batchSize;
    try (Sequential model = compiled(optimizer);
        Sequential inModel = augment ? compiledWithAugmentation(optimizer) : null;
        Sequential augmentation = Augmentation.create();
        Result full = syntheticBatch(batchSize, data.seed);
        Result last = syntheticBatch(remainder == 0 ? batchSize : remainder, data.seed + 1)) {
      List<Sequential> references = inModel == null ? List.of(model) : List.of(model, inModel);
      for (Sequential reference : references) {
        for (int step = 0; step < warmup; step++) {
          reference.trainOnBatch((TFloat32) full.get(0), (TInt64) full.get(1));
        }
      }
      int fullSteps = split.size() / batchSize;
      Result partial = remainder == 0 ? null : last;
      List<EpochTime> compute = new ArrayList<>();
      List<EpochTime> computeAugmented = new ArrayList<>();
      Runnable referenceEpochs =
          () -> {
            compute.add(EpochTime.of(() -> syntheticEpoch(model, fullSteps, full, partial)));
            if (inModel != null) {
              computeAugmented.add(
                  EpochTime.of(() -> syntheticEpoch(inModel, fullSteps, full, partial)));
            }
          };
      referenceEpochs.run();
      List<EpochTime> pipeline = new ArrayList<>();
      try (Pipeline trainDs =
          Pipeline.prepare(
              split,
              true,
              augment ? augmentation : null,
              Pipeline.Options.defaults(data.seed).withBatchSize(batchSize))) {
        for (Iterator<Iterator<Batch>> epochs = trainDs.epochs(0, this.epochs);
            epochs.hasNext(); ) {
          Iterator<Batch> batches = epochs.next();
          pipeline.add(
              EpochTime.of(
                  () -> {
                    while (batches.hasNext()) {
                      try (Batch batch = batches.next()) {
                        model.trainOnBatch(batch.images(), batch.labels());
                      }
                    }
                  }));
        }
      }
      referenceEpochs.run();
      Map<String, Object> figures =
          epochFigures(pipeline.stream().map(EpochTime::seconds).toList(), split.size());
      List<EpochTime> steady = pipeline.subList(1, pipeline.size());
      figures.put("epoch_cpu_seconds_steady_mean", EpochTime.meanCpu(steady));
      double seconds = EpochTime.meanWall(steady);
      figures.put(
          "compute_epoch_seconds_before_after", compute.stream().map(EpochTime::seconds).toList());
      figures.put("compute_epoch_cpu_seconds_mean", EpochTime.meanCpu(compute));
      figures.put("overhead_percent", 100 * (seconds / EpochTime.meanWall(compute) - 1));
      if (inModel != null) {
        figures.put(
            "augmented_compute_epoch_seconds_before_after",
            computeAugmented.stream().map(EpochTime::seconds).toList());
        figures.put(
            "augmented_compute_epoch_cpu_seconds_mean", EpochTime.meanCpu(computeAugmented));
        figures.put(
            "overhead_vs_augmented_compute_percent",
            100 * (seconds / EpochTime.meanWall(computeAugmented) - 1));
      }
      out.printf(
          "pipeline+train %-10s %s: %s%n",
          optimizer, augment ? "augmented" : "plain", describe(figures));
      return figures;
    }
  }

  /**
   * One epoch's steps on synthetic batches: {@code fullSteps} full ones, then the partial one, if
   * any.
   */
  private static void syntheticEpoch(Sequential model, int fullSteps, Result full, Result partial) {
    for (int step = 0; step < fullSteps; step++) {
      model.trainOnBatch((TFloat32) full.get(0), (TInt64) full.get(1));
    }
    if (partial != null) {
      model.trainOnBatch((TFloat32) partial.get(0), (TInt64) partial.get(1));
    }
  }

  /** Wall-clock and process CPU seconds (all threads, TF's included) of one epoch. */
  private record EpochTime(double seconds, double cpuSeconds) {
    static EpochTime of(Runnable epoch) {
      long start = System.nanoTime();
      double cpu = processCpuSeconds();
      epoch.run();
      return new EpochTime((System.nanoTime() - start) / 1e9, processCpuSeconds() - cpu);
    }

    static double meanWall(List<EpochTime> times) {
      return times.stream().mapToDouble(EpochTime::seconds).average().orElse(Double.NaN);
    }

    static double meanCpu(List<EpochTime> times) {
      return times.stream().mapToDouble(EpochTime::cpuSeconds).average().orElse(Double.NaN);
    }
  }

  /**
   * CPU time of this process so far (utime + stime of /proc/self/stat), NaN where /proc is absent.
   */
  private static double processCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * The input pipeline alone, drained as fast as it goes: its own ceiling.
   *
   * @param fuseTransforms null for no augmentation, else whether rotation and zoom share one
   *     resampling
   */
  private Map<String, Object> pipelineOnly(ImageSplit split, Boolean fuseTransforms, String label) {
    try (Sequential augmentation = Augmentation.create(Boolean.TRUE.equals(fuseTransforms));
        Pipeline ds =
            Pipeline.prepare(
                split,
                true,
                fuseTransforms == null ? null : augmentation,
                Pipeline.Options.defaults(data.seed).withBatchSize(batchSize))) {
      List<Double> epochSeconds = new ArrayList<>();
      for (int epoch = 0; epoch < epochs; epoch++) {
        long start = System.nanoTime();
        for (Iterator<Batch> batches = ds.epoch(epoch); batches.hasNext(); ) {
          batches.next().close();
        }
        epochSeconds.add((System.nanoTime() - start) / 1e9);
      }
      Map<String, Object> figures = epochFigures(epochSeconds, split.size());
      out.printf("pipeline only, %-9s: %s%n", label, describe(figures));
      return figures;
    }
  }

  /** A random (n, 300, 300, 3) batch in [0, 1] with random labels, drawn by TF. */
  private static Result syntheticBatch(int n, long seed) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var images =
          tf.random.randomUniform(
              tf.constant(new long[] {n, 300, 300, 3}),
              TFloat32.class,
              org.tensorflow.op.random.RandomUniform.seed(seed));
      var labels =
          tf.random.randomUniformInt(
              tf.constant(new long[] {n}),
              tf.constant(0L),
              tf.constant(2L),
              org.tensorflow.op.random.RandomUniformInt.seed(seed));
      return s.runner().fetch(images).fetch(labels).run();
    }
  }

  private static Map<String, Object> stepFigures(List<Double> millis, int batchSize) {
    double mean = millis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("steps", millis.size());
    figures.put("step_ms_mean", mean);
    figures.put("step_ms_median", median(millis));
    figures.put(
        "step_ms_min", millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
    figures.put("images_per_second", batchSize * 1000.0 / median(millis));
    return figures;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Map<String, Object> epochFigures(List<Double> epochSeconds, int examples) {
    List<Double> steady = epochSeconds.subList(1, epochSeconds.size());
    double mean = steady.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("epoch_seconds_all", epochSeconds);
    figures.put("epoch_seconds_steady_mean", mean);
    figures.put("images_per_second", examples / mean);
    return figures;
  }

  private static String describe(Map<String, Object> figures) {
    StringBuilder text = new StringBuilder();
    figures.forEach(
        (k, v) ->
            text.append(k)
                .append('=')
                .append(
                    v instanceof Double d
                        ? String.format(java.util.Locale.ROOT, "%.1f", d)
                        : String.valueOf(v))
                .append(' '));
    return text.toString().trim();
  }

  /** Peak resident set size of this process (VmHWM), in MiB; NaN where /proc is absent. */
  static double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
