package io.github.gctfjava.benchmarks;

import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.export.Json;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.runtime.RuntimeSettings;
import io.github.gctfjava.runtime.TensorFlowRuntime;
import io.github.gctfjava.training.Callback;
import io.github.gctfjava.training.Model;
import io.github.gctfjava.training.Sequential;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.RandomUniformInt;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * One configuration's measurements, in a JVM of its own (see {@link Bench}): reads a {@link
 * BenchPlan} as JSON on stdin, logs on stderr, and prints one {@link ChildReport} line on stdout.
 */
public final class ChildRun {
  /** Starts the one stdout line the parent reads; anything else there is passed on as log. */
  static final String MARKER = "gc-tfjava-bench-result ";

  private final BenchPlan plan;
  private final PrintStream log;
  private final RuntimeSettings runtime;
  private final Policy policy;
  private final Dropout.Mask dropout;
  private final int microBatches;
  private final boolean reluAfterPooling;
  private final boolean augmentAhead;

  private ChildRun(BenchPlan plan, PrintStream log) {
    this.plan = plan;
    this.log = log;
    // Before the row's Policy touches TF's classes: TF reads its oneDNN switch only when it loads.
    this.runtime = TensorFlowRuntime.configure();
    // Resolved once: the CPU fallback of a bfloat16 row is then said in one line, not per model.
    Configuration row = Configuration.byIds(List.of(plan.configuration())).get(0);
    this.policy = Policy.of(row.precision()).on(runtime.cpu(), log);
    this.dropout = row.dropout();
    this.microBatches = row.microBatches();
    this.reluAfterPooling = row.reluAfterPooling();
    this.augmentAhead = row.augmentAhead();
  }

  public static void main(String[] args) throws IOException {
    PrintStream result = System.out;
    // The data loader and fit print to System.out; only the report goes to the parent's pipe.
    System.setOut(System.err);
    BenchPlan plan =
        Json.parse(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), BenchPlan.class);
    result.println(format(new ChildRun(plan, System.err).run()));
    result.flush();
  }

  /** The report's stdout line. */
  static String format(ChildReport report) {
    return MARKER + Json.toLine(report);
  }

  /** The report in a child's stdout; throws when there is none or more than one. */
  static ChildReport parse(String stdout) throws IOException {
    List<String> lines = stdout.lines().filter(line -> line.startsWith(MARKER)).toList();
    if (lines.size() != 1) {
      throw new IOException(
          "expected one line starting '" + MARKER.strip() + "', got " + lines.size());
    }
    return Json.parse(lines.get(0).substring(MARKER.length()), ChildReport.class);
  }

  private ChildReport run() throws IOException {
    ChildReport.Settings settings =
        new ChildReport.Settings(
            runtime.oneDnn(),
            runtime.oneDnnSource(),
            Configuration.ALLOCATOR
                + "="
                + Objects.requireNonNullElse(System.getenv(Configuration.ALLOCATOR), "unset")
                + ", "
                + Configuration.SYSTEM_ALLOCATOR
                + "="
                + Objects.requireNonNullElse(
                    System.getenv(Configuration.SYSTEM_ALLOCATOR), "unset"),
            threads(plan.intraOp()),
            threads(plan.interOp()),
            runtime.cpu().describe());
    log.println("bench " + plan.configuration() + ": " + settings.describe());
    double ceiling = ComputeCeiling.gflops(plan.matmulSize(), 5);
    double trainingGflop;
    try (Sequential cnn = model()) {
      trainingGflop = FlopCount.of(cnn).training() / 1e9;
    }
    List<ChildReport.Steps> synthetic = List.of();
    StepTrace trace = null;
    if (!plan.synthetic().isEmpty()) {
      try (Result batch = syntheticBatch(batchShape(plan.batchSize()), plan.seed())) {
        TFloat32 images = (TFloat32) batch.get(0);
        TInt64 labels = (TInt64) batch.get(1);
        synthetic = synthetic(images, labels);
        if (plan.trace()) {
          trace = trace(plan.synthetic().get(plan.synthetic().size() - 1), images, labels);
        }
      }
    }
    ChildReport.Epochs endToEnd =
        plan.endToEnd() == null || plan.data() == null ? null : endToEnd(plan.endToEnd());
    return new ChildReport(
        plan.configuration(),
        settings,
        ceiling,
        trainingGflop,
        synthetic,
        endToEnd,
        PeakRss.mib(),
        trace);
  }

  /**
   * A pool size as TF sizes it: the given count, or for 0 the schedulable cores (TF's default for
   * both pools, port::MaxParallelism, without TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS).
   */
  private static int threads(int requested) {
    return requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
  }

  /**
   * The example's CNN, as {@code train} builds it, with this row's dropout masks, precision,
   * micro-batches and order of relu and pooling.
   */
  private Sequential model() {
    Sequential cnn = Cnn.create(policy, dropout);
    cnn.setMicroBatches(microBatches);
    cnn.setReluAfterPooling(reluAfterPooling);
    return cnn;
  }

  private Sequential compiled(OptimizerConfig optimizer) {
    Sequential model = model();
    model.setSeed(plan.seed());
    ConfigProto.Builder config = Model.defaultSessionConfig().toBuilder();
    if (plan.intraOp() > 0) {
      config.setIntraOpParallelismThreads(plan.intraOp());
    }
    if (plan.interOp() > 0) {
      config.setInterOpParallelismThreads(plan.interOp());
    }
    model.setSessionConfig(config.build());
    model.compile("binary_crossentropy", optimizer.create(model.graph()), "accuracy");
    return model;
  }

  /**
   * Training steps on one fixed random batch: the model's compute alone. The optimizers' steps
   * alternate, so that all see the same machine load.
   */
  private List<ChildReport.Steps> synthetic(TFloat32 images, TInt64 labels) {
    List<Sequential> models = new ArrayList<>();
    try {
      plan.synthetic().forEach(optimizer -> models.add(compiled(optimizer)));
      List<List<Double>> millis = new ArrayList<>();
      models.forEach(m -> millis.add(new ArrayList<>()));
      for (int i = 0; i < plan.warmup() + plan.steps(); i++) {
        for (int m = 0; m < models.size(); m++) {
          long start = System.nanoTime();
          models.get(m).trainOnBatch(images, labels);
          if (i >= plan.warmup()) {
            millis.get(m).add((System.nanoTime() - start) / 1e6);
          }
        }
      }
      List<ChildReport.Steps> steps = new ArrayList<>();
      for (int m = 0; m < models.size(); m++) {
        double median = Stats.median(millis.get(m));
        steps.add(
            new ChildReport.Steps(
                plan.synthetic().get(m).name(), millis.get(m), plan.batchSize() * 1000.0 / median));
        log.printf(
            Locale.ROOT,
            "bench %s: synthetic %s %.0f ms a step (median)%n",
            plan.configuration(),
            plan.synthetic().get(m).name(),
            median);
      }
      return steps;
    } finally {
      models.forEach(Sequential::close);
    }
  }

  /**
   * One training step on the synthetic batch under TF's full trace, after the warm-up steps (at
   * least one: the first step also builds oneDNN's kernels).
   */
  private StepTrace trace(OptimizerConfig optimizer, TFloat32 images, TInt64 labels) {
    try (Sequential model = compiled(optimizer)) {
      for (int i = 0; i < Math.max(1, plan.warmup()); i++) {
        model.trainOnBatch(images, labels);
      }
      StepTrace trace = StepTrace.of(model.traceTrainOnBatch(images, labels));
      log.printf(
          Locale.ROOT,
          "bench %s: traced one %s step: %.0f ms of op time in %.0f ms%n",
          plan.configuration(),
          optimizer.name(),
          trace.opMillis(),
          trace.wallMillis());
      return trace;
    }
  }

  /** The CNN's batch input shape with {@code n} examples: the synthetic batch has its shape. */
  private Shape batchShape(int n) {
    try (Sequential cnn = model()) {
      return Shape.of(n).append(cnn.batchInputShape().tail());
    }
  }

  /** Images uniform in [0, 1) of {@code shape} and labels 0 or 1, drawn by TF. */
  private static Result syntheticBatch(Shape shape, long seed) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var images =
          tf.random.randomUniform(
              tf.constant(shape.asArray()), TFloat32.class, RandomUniform.seed(seed));
      var labels =
          tf.random.randomUniformInt(
              tf.constant(new long[] {shape.get(0)}),
              tf.constant(0L),
              tf.constant(2L),
              RandomUniformInt.seed(seed));
      return s.runner().fetch(images).fetch(labels).run();
    }
  }

  /**
   * {@code fit} through the real input pipeline with the example's augmentation, as {@code train}
   * runs it: every epoch's wall-clock and CPU seconds; the first is warm-up.
   */
  private ChildReport.Epochs endToEnd(OptimizerConfig optimizer) {
    LoadOptions options =
        LoadOptions.of(Path.of(plan.data()))
            .withResize(plan.resize())
            .withDownload(false)
            .withLog(log);
    Pipeline.Options pipeline =
        Pipeline.Options.defaults(plan.seed()).withBatchSize(plan.batchSize());
    if (augmentAhead) {
      pipeline = pipeline.withParallelism(1, 1);
    }
    try (LoadedDataset dataset = HorsesOrHumans.load(options);
        ImageSplit train = dataset.train().first(plan.limit());
        Sequential model = compiled(optimizer);
        Sequential augmentation = Augmentation.create();
        Pipeline trainDs = Pipeline.prepare(train, true, augmentation, pipeline)) {
      EpochClock clock = new EpochClock();
      model.fit(trainDs, plan.epochs(), 0, List.of(clock), log);
      List<Double> steady = clock.wall.subList(1, clock.wall.size());
      double imagesPerSecond = trainDs.size() / Stats.mean(steady);
      log.printf(
          Locale.ROOT,
          "bench %s: end to end %s %s s an epoch%n",
          plan.configuration(),
          optimizer.name(),
          clock.wall);
      return new ChildReport.Epochs(
          optimizer.name(),
          trainDs.size(),
          clock.wall,
          clock.process,
          clock.caller,
          imagesPerSecond);
    }
  }

  /** Every epoch's wall-clock and CPU seconds, taken where {@code fit} starts and ends it. */
  private static final class EpochClock extends Callback {
    final List<Double> wall = new ArrayList<>();
    final List<Double> process = new ArrayList<>();
    final List<Double> caller = new ArrayList<>();
    private long start;
    private CpuClock cpu;

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
      cpu = CpuClock.now();
      start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      wall.add((System.nanoTime() - start) / 1e9);
      CpuClock spent = CpuClock.now().since(cpu);
      process.add(spent.processSeconds());
      caller.add(spent.threadSeconds());
    }
  }
}
