package io.github.gctfjava.training;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.Dataset;
import io.github.gctfjava.layers.Activations;
import io.github.gctfjava.layers.CallContext;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.optimizers.TransformedOptimizer;
import io.github.gctfjava.runtime.TensorFlowRuntime;
import io.github.gctfjava.utils.Progbar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.framework.losses.BinaryCrossentropy;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.RewriterConfig.MemOptType;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The training half of a Keras model: {@code compile} and {@code fit}, on a TF graph and session
 * that the model owns (Keras keeps its variables in its own session too).
 *
 * <p>Weights are created the first time the graph is needed, from the model's seed, so two models
 * with the same layers and seed start from the same weights. Every compile adds its loss, metrics
 * and optimizer to the graph; the weights stay, so a second compile continues from the trained
 * weights with a fresh optimizer, as a Keras model compiled again does.
 */
public abstract class Model extends Layer implements AutoCloseable {

  static {
    // Before any TF class of this class loads TF's library: TF reads its oneDNN switch only then.
    TensorFlowRuntime.configure();
  }

  private long seed = new SecureRandom().nextLong();
  private int microBatches = 1;

  /**
   * Grappler's MANUAL memory optimization: ops the layers mark for it (Dropout's mask) are computed
   * again in the backward pass instead of being kept from the forward one. TF's default mode does
   * no recomputation on CPU.
   */
  private static final ConfigProto DEFAULT_SESSION_CONFIG =
      ConfigProto.newBuilder()
          .setGraphOptions(
              GraphOptions.newBuilder()
                  .setRewriteOptions(
                      RewriterConfig.newBuilder().setMemoryOptimization(MemOptType.MANUAL)))
          .build();

  private ConfigProto sessionConfig = DEFAULT_SESSION_CONFIG;

  /** The session settings a model starts with; {@link #setSessionConfig} callers build on them. */
  public static ConfigProto defaultSessionConfig() {
    return DEFAULT_SESSION_CONFIG;
  }

  private Graph graph;
  private Session session;
  private Compiled compiled;
  private long step;
  private Inference inference;
  private TestFunction testFunction;
  private List<Placeholder<TFloat32>> weightFeeds;
  private List<Op> weightAssigns;
  private int savedVariables = -1;

  /** A model is a layer (as in Keras): {@code call(inputs, training)} builds its graph. */
  protected Model(String name) {
    super(name);
  }

  /** Creates the weights in {@code tf}'s graph. */
  protected abstract void build(Ops tf, long seed);

  /** The batched input shape, {@code (-1, 300, 300, 3)}. */
  public abstract Shape batchInputShape();

  /** The variables {@code fit} trains. */
  public abstract List<Variable<TFloat32>> trainableWeights();

  /** Seeds weight initialisation and dropout; call before the graph is first used. */
  public void setSeed(long seed) {
    if (graph != null) {
      throw new IllegalStateException(
          "the model's weights are built already; set the seed before compile");
    }
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /**
   * Runs each training batch as {@code microBatches} slices, one after another, summing their
   * gradients ({@link MicroBatches}): the same update as the whole batch, up to the order of float
   * sums, with the activations of one slice held at a time. 1 (the default) is Keras's step. Takes
   * effect at the next {@link #compile}.
   */
  public void setMicroBatches(int microBatches) {
    if (microBatches < 1) {
      throw new IllegalArgumentException("microBatches must be at least 1, got " + microBatches);
    }
    this.microBatches = microBatches;
  }

  public int microBatches() {
    return microBatches;
  }

  /** TF session settings (thread pools); before the session is first used. */
  public void setSessionConfig(ConfigProto config) {
    if (session != null) {
      throw new IllegalStateException(
          "the session is running already; configure it before compile");
    }
    this.sessionConfig = config;
  }

  /** The model's graph, with its weights built; optimizers are created against it. */
  public Graph graph() {
    if (graph == null) {
      graph = new Graph();
      build(Ops.create(graph), seed);
    }
    return graph;
  }

  Session session() {
    if (session == null) {
      session = new Session(graph(), sessionConfig);
    }
    return session;
  }

  /**
   * Keras's {@code model.compile(loss=..., optimizer=..., metrics=[...])}.
   *
   * @param loss {@code "binary_crossentropy"}, computed from the logits of a final sigmoid as Keras
   *     does
   * @param optimizer an optimizer created on {@link #graph()}: any of TF Java's (they train the
   *     model's scoped variables through {@link TransformedOptimizer}), the project's
   *     Keras-semantics ones, or one of those with gradient transformers ({@code
   *     GradientCentralization.wrap(...)})
   * @param metrics {@code "accuracy"} (binary accuracy at threshold 0.5, as Keras resolves it for
   *     this loss), or none
   */
  public void compile(String loss, Optimizer optimizer, String... metrics) {
    if (!"binary_crossentropy".equals(loss)) {
      throw new IllegalArgumentException(
          "unsupported loss '" + loss + "'; this model supports binary_crossentropy");
    }
    for (String metric : metrics) {
      if (!List.of("accuracy", "acc", "binary_accuracy").contains(metric)) {
        throw new IllegalArgumentException(
            "unsupported metric '" + metric + "'; supported: accuracy");
      }
    }
    if (optimizer.getTF().scope().env() != graph()) {
      throw new IllegalArgumentException(
          "the optimizer was created on another graph than this model's");
    }
    compiled = new Compiled(Ops.create(graph()), optimizer, metrics.length > 0);
  }

  /**
   * Keras's {@code model.fit(dataset, epochs=..., verbose=..., callbacks=[...])}.
   *
   * @param verbose 0 silent, 1 Keras's progress bar on {@code out}
   */
  public History fit(
      Dataset dataset,
      int epochs,
      int verbose,
      List<? extends Callback> callbacks,
      PrintStream out) {
    return fit(dataset, epochs, 0, verbose, callbacks, out);
  }

  /**
   * Keras's {@code model.fit(dataset, epochs=..., initial_epoch=..., ...)}: trains epochs {@code
   * initialEpoch} to {@code epochs - 1}, so a run resumed from a checkpoint of {@code initialEpoch}
   * epochs draws the same shuffles and augmentations (the pipeline's epoch {@code k}) as an
   * uninterrupted one. The History holds only the epochs trained here.
   */
  public History fit(
      Dataset dataset,
      int epochs,
      int initialEpoch,
      int verbose,
      List<? extends Callback> callbacks,
      PrintStream out) {
    return fit(dataset, epochs, initialEpoch, verbose, callbacks, out, null);
  }

  /**
   * Keras's {@code model.fit(..., validation_data=validationData)}: as above, and after every epoch
   * the model is evaluated on {@code validationData} ({@link #evaluate}, silently), whose figures
   * join the epoch's logs as {@code val_loss} and {@code val_accuracy} before {@code on_epoch_end}.
   *
   * @param validationData batches without augmentation, or null for none
   */
  public History fit(
      Dataset dataset,
      int epochs,
      int initialEpoch,
      int verbose,
      List<? extends Callback> callbacks,
      PrintStream out,
      Dataset validationData) {
    requireCompiled();
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (initialEpoch < 0 || initialEpoch > epochs) {
      throw new IllegalArgumentException(
          "initial_epoch must be in [0, epochs=" + epochs + "], got " + initialEpoch);
    }
    History history = new History();
    List<Callback> all = new ArrayList<>();
    if (verbose == 1) {
      ProgbarLogger progbar = new ProgbarLogger(out, Progbar.dynamicDisplay());
      progbar.setParams(epochs, dataset.steps());
      all.add(progbar);
    }
    all.addAll(callbacks);
    all.add(history);
    all.forEach(c -> c.setModel(this));
    session().initialize();

    all.forEach(c -> c.onTrainBegin(Map.of()));
    Map<String, Double> trainingLogs = Map.of();
    Iterator<Iterator<Batch>> epochBatches =
        initialEpoch < epochs ? dataset.epochs(initialEpoch, epochs) : null;
    for (int epoch = initialEpoch; epoch < epochs; epoch++) {
      int e = epoch;
      all.forEach(c -> c.onEpochBegin(e, Map.of()));
      EpochMeans means = new EpochMeans();
      int batchIndex = 0;
      for (Iterator<Batch> batches = epochBatches.next(); batches.hasNext(); batchIndex++) {
        int b = batchIndex;
        StopRequest.throwIfRequested();
        all.forEach(c -> c.onTrainBatchBegin(b, Map.of()));
        try (Batch batch = batches.next()) {
          float[] figures = compiled.trainStep(batch.images(), batch.labels());
          means.add(batch.size(), figures[0], figures[1]);
        }
        Map<String, Double> batchLogs = means.logs(compiled.hasAccuracy);
        all.forEach(c -> c.onTrainBatchEnd(b, batchLogs));
      }
      Map<String, Double> epochLogs = means.logs(compiled.hasAccuracy);
      if (validationData != null) {
        evaluate(validationData, 0, out)
            .forEach((name, value) -> epochLogs.put("val_" + name, value));
      }
      all.forEach(c -> c.onEpochEnd(e, epochLogs));
      trainingLogs = epochLogs;
    }
    Map<String, Double> lastLogs = trainingLogs;
    all.forEach(c -> c.onTrainEnd(lastLogs));
    return history;
  }

  /**
   * Keras's {@code model.evaluate(dataset, verbose=..., return_dict=True)}: the compiled loss and
   * metrics over every batch of the dataset's first epoch, in inference mode (dropout off), as
   * means weighted by batch size, as Keras's metrics accumulate them. The dataset should be
   * prepared without augmentation. Training state (weights, train counter) is left as it was.
   *
   * @param verbose 0 silent, 1 Keras's progress bar on {@code out}, ending with the figures
   * @return {@code loss} and, when compiled with it, {@code accuracy}
   */
  public Map<String, Double> evaluate(Dataset dataset, int verbose, PrintStream out) {
    requireCompiled();
    if (testFunction == null) {
      testFunction = new TestFunction(Ops.create(graph()));
    }
    session().initialize();
    Progbar progbar =
        verbose == 1 ? new Progbar(dataset.steps(), "step", out, Progbar.dynamicDisplay()) : null;
    EpochMeans means = new EpochMeans();
    int step = 0;
    for (Iterator<Batch> batches = dataset.epoch(0); batches.hasNext(); ) {
      try (Batch batch = batches.next()) {
        float[] figures = testFunction.testStep(batch.images(), batch.labels());
        means.add(batch.size(), figures[0], figures[1]);
      }
      step++;
      if (progbar != null) {
        progbar.update(step, means.logs(compiled.hasAccuracy));
      }
    }
    return means.logs(compiled.hasAccuracy);
  }

  /**
   * Keras's {@code train_on_batch(x, y)}: one optimizer step on one batch.
   *
   * @return the batch's {@code loss} and {@code accuracy}
   */
  public Map<String, Double> trainOnBatch(TFloat32 images, TInt64 labels) {
    requireCompiled();
    session().initialize();
    float[] figures = compiled.trainStep(images, labels);
    EpochMeans means = new EpochMeans();
    means.add(1, figures[0], figures[1]);
    return means.logs(compiled.hasAccuracy);
  }

  /**
   * {@link #trainOnBatch} under TF's full trace: the same optimizer step, and TF's record of every
   * op it ran, when and on which thread (what TensorBoard's profiler reads).
   */
  public RunMetadata traceTrainOnBatch(TFloat32 images, TInt64 labels) {
    requireCompiled();
    session().initialize();
    return compiled.traceStep(images, labels);
  }

  /**
   * Keras's {@code model.predict(x)} on one batch, in inference mode (dropout off): the same inputs
   * always give the same outputs. The caller closes the returned tensor.
   */
  public TFloat32 predict(TFloat32 x) {
    if (inference == null) {
      inference = new Inference(Ops.create(graph()));
    }
    // The Result holds only this tensor: ownership passes to the caller, so it is not closed here.
    Result result = session().runner().feed(inference.x, x).fetch(inference.output).run();
    return (TFloat32) result.get(0);
  }

  /**
   * Keras's {@code get_weights()}: the values of {@link #trainableWeights()}, in that order (this
   * model has no other weights). The caller closes the Result.
   */
  public Result getWeights() {
    Session.Runner runner = session().runner();
    trainableWeights().forEach(runner::fetch);
    return runner.run();
  }

  /**
   * Keras's {@code set_weights(weights)}: one value per {@link #trainableWeights()} entry, same
   * order and shapes.
   */
  public void setWeights(List<? extends Tensor> weights) {
    Ops tf = Ops.create(graph());
    List<Variable<TFloat32>> variables = trainableWeights();
    if (weights.size() != variables.size()) {
      throw new IllegalArgumentException(
          "expected " + variables.size() + " weights, got " + weights.size());
    }
    if (weightAssigns == null) {
      weightFeeds = new ArrayList<>();
      weightAssigns = new ArrayList<>();
      for (Variable<TFloat32> variable : variables) {
        Placeholder<TFloat32> feed =
            tf.placeholder(TFloat32.class, Placeholder.shape(variable.shape()));
        weightFeeds.add(feed);
        weightAssigns.add(tf.assign(variable, feed));
      }
    }
    Session.Runner runner = session().runner();
    for (int i = 0; i < variables.size(); i++) {
      Shape expected = variables.get(i).shape();
      if (!weights.get(i).shape().equals(expected)) {
        throw new IllegalArgumentException(
            "weight "
                + variables.get(i).op().name()
                + " has shape "
                + expected
                + ", got a value of shape "
                + weights.get(i).shape());
      }
      runner.feed(weightFeeds.get(i), weights.get(i)).addTarget(weightAssigns.get(i));
    }
    runner.run();
  }

  /**
   * Keras's {@code save_weights(filepath)} in TF's checkpoint format ({@code prefix.index}, {@code
   * prefix.data-00000-of-00001}): every variable of the model's graph, i.e. the weights and, once
   * compiled, the optimizer's slots, as Keras's TF-format checkpoints hold the optimizer.
   */
  public void saveWeights(Path prefix) {
    requireSaverCoversGraph();
    session().save(prefix.toString());
  }

  /**
   * Keras's {@code load_weights(filepath)}: sets every variable of the graph from a checkpoint of
   * {@link #saveWeights}. Compile first to restore the optimizer's slots too; entries the graph
   * does not have (the slots, for a model that is not compiled) are ignored.
   */
  public void loadWeights(Path prefix) {
    requireSaverCoversGraph();
    session().restore(prefix.toString());
  }

  /**
   * Keras's {@code model.save(filepath, save_format="tf", signatures=...)}, for serving only: the
   * graph and its variables as a SavedModel (tag {@code serve}) with {@code signatures}, built on
   * {@link #graph()}. A compiled model is refused, since the whole graph is written and would carry
   * the optimizer and the training ops along.
   */
  public void save(Path dir, List<Signature> signatures) throws IOException {
    if (compiled != null) {
      throw new IllegalStateException(
          "a compiled model's graph holds its training ops; save an uncompiled copy"
              + " with the trained weights (set_weights) instead");
    }
    SavedModelBundle.Exporter exporter =
        SavedModelBundle.exporter(dir.toString()).withSession(session());
    signatures.forEach(exporter::withSignature);
    exporter.export();
  }

  /**
   * Keras's {@code _train_counter}: the training steps run so far. Dropout's random draws are keyed
   * by it, so a run resumed from a checkpoint sets it back to continue the same draws.
   */
  public long trainCounter() {
    return step;
  }

  public void setTrainCounter(long trainCounter) {
    if (trainCounter < 0) {
      throw new IllegalArgumentException("train counter must be >= 0, got " + trainCounter);
    }
    this.step = trainCounter;
  }

  /**
   * TF Java builds a graph's saver at its first save or restore, over the variables it has then; a
   * variable added later (a second compile's slots) would be silently left out of checkpoints.
   */
  private void requireSaverCoversGraph() {
    int variables = 0;
    for (Iterator<GraphOperation> ops = graph().operations(); ops.hasNext(); ) {
      if ("VariableV2".equals(ops.next().type())) {
        variables++;
      }
    }
    if (savedVariables >= 0 && savedVariables != variables) {
      throw new IllegalStateException(
          "the graph has "
              + variables
              + " variables, but its saver, built at the first"
              + " save or restore, covers "
              + savedVariables
              + "; compile before saving or restoring weights");
    }
    savedVariables = variables;
  }

  private void requireCompiled() {
    if (compiled == null) {
      throw new IllegalStateException(
          "You must compile your model before training/testing. Use model.compile(...)");
    }
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    if (graph != null) {
      graph.close();
    }
  }

  /**
   * The inference ops {@link #predict} adds once: an input placeholder and the output of an
   * inference call.
   */
  private final class Inference {
    final Placeholder<TFloat32> x;
    final Operand<TFloat32> output;

    Inference(Ops tf) {
      x = tf.placeholder(TFloat32.class, Placeholder.shape(batchInputShape()));
      output = call(tf, x, CallContext.inference());
    }
  }

  /**
   * Keras's {@code test_function}: the loss and accuracy of an inference call (dropout off), added
   * once; they do not depend on the optimizer, so they serve every compile.
   */
  private final class TestFunction {
    final Placeholder<TFloat32> x;
    final Placeholder<TInt64> y;
    final Figures figures;

    TestFunction(Ops tf) {
      Ops scope = tf.withSubScope("test_function");
      x = scope.placeholder(TFloat32.class, Placeholder.shape(batchInputShape()));
      y = scope.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
      figures = Figures.of(scope, y, call(scope, x, CallContext.inference()));
    }

    /** One batch's loss and accuracy, no update. */
    float[] testStep(TFloat32 images, TInt64 labels) {
      return figures.fetch(session().runner().feed(x, images).feed(y, labels));
    }
  }

  /** The ops that one compile adds: placeholders, loss, accuracy and the train op. */
  private final class Compiled {
    final Placeholder<TFloat32> x;
    final Placeholder<TInt64> y;
    final Placeholder<TInt64> stepCounter;
    final Figures figures;
    final Op train;
    final boolean hasAccuracy;

    Compiled(Ops tf, Optimizer optimizer, boolean hasAccuracy) {
      this.hasAccuracy = hasAccuracy;
      x = tf.placeholder(TFloat32.class, Placeholder.shape(batchInputShape()));
      y = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
      stepCounter = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      CallContext context = CallContext.training(seed, stepCounter);
      Operand<TFloat32> gradientLoss;
      if (microBatches == 1) {
        figures = Figures.of(tf, y, call(tf, x, context));
        gradientLoss = figures.loss();
      } else {
        MicroBatches step =
            MicroBatches.of(
                tf,
                (xi, contextI) -> call(tf, xi, contextI),
                trainableWeights(),
                x,
                y,
                context,
                microBatches);
        figures = new Figures(step.loss(), step.accuracy());
        gradientLoss = step.gradientLoss();
      }
      // The one gradient seam: get_gradients, the transformers (clipping, centralization),
      // apply_gradients.
      train = TransformedOptimizer.of(optimizer).minimize(gradientLoss, trainableWeights());
    }

    /** One optimizer step; returns the batch's loss and accuracy. */
    float[] trainStep(TFloat32 images, TInt64 labels) {
      try (TInt64 counter = TInt64.scalarOf(step++)) {
        return figures.fetch(runner(images, labels, counter));
      }
    }

    /** One optimizer step under TF's full trace; returns the trace. */
    RunMetadata traceStep(TFloat32 images, TInt64 labels) {
      RunOptions fullTrace =
          RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
      try (TInt64 counter = TInt64.scalarOf(step++);
          Result result =
              runner(images, labels, counter).setOptions(fullTrace).runAndFetchMetadata()) {
        return result.getMetadata().orElseThrow();
      }
    }

    private Session.Runner runner(TFloat32 images, TInt64 labels, TInt64 counter) {
      return session()
          .runner()
          .feed(x, images)
          .feed(y, labels)
          .feed(stepCounter, counter)
          .addTarget(train);
    }
  }

  /**
   * The compiled loss and accuracy of a model call against the labels {@code y}: the same ops for
   * training and for {@code test_function}.
   */
  record Figures(Operand<TFloat32> loss, Operand<TFloat32> accuracy) {
    static Figures of(Ops tf, Operand<TInt64> y, Operand<TFloat32> output) {
      Operand<TFloat32> yTrue =
          tf.reshape(tf.dtypes.cast(y, TFloat32.class), tf.constant(new long[] {-1, 1}));
      return new Figures(binaryCrossentropy(tf, yTrue, output), binaryAccuracy(tf, yTrue, output));
    }

    /** Runs {@code runner} fetching both; returns {loss, accuracy}. */
    float[] fetch(Session.Runner runner) {
      try (Result result = runner.fetch(loss).fetch(accuracy).run()) {
        return new float[] {
          ((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()
        };
      }
    }
  }

  /**
   * Keras's {@code binary_crossentropy} on a sigmoid output: as Keras's backend does in a graph, it
   * takes the sigmoid's input (the logits) and uses the numerically stable
   * sigmoid_cross_entropy_with_logits; the mean over the batch is Keras's default reduction.
   */
  static Operand<TFloat32> binaryCrossentropy(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    if ("Sigmoid".equals(yPred.op().type())) {
      return new BinaryCrossentropy(true).call(tf, yTrue, Activations.sigmoidLogits(yPred), null);
    }
    return new BinaryCrossentropy(false).call(tf, yTrue, yPred, null);
  }

  /** Keras's {@code binary_accuracy}: the share of {@code (y_pred > 0.5) == y_true}. */
  static Operand<TFloat32> binaryAccuracy(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> predicted =
        tf.dtypes.cast(tf.math.greater(yPred, tf.constant(0.5f)), TFloat32.class);
    Operand<TFloat32> correct = tf.dtypes.cast(tf.math.equal(yTrue, predicted), TFloat32.class);
    return tf.math.mean(correct, tf.constant(new int[] {0, 1}));
  }

  /**
   * Keras's epoch metrics: means over the examples seen, i.e. batch means weighted by batch size.
   */
  static final class EpochMeans {
    private long count;
    private double lossSum;
    private double accuracySum;

    void add(int batchSize, double batchLoss, double batchAccuracy) {
      count += batchSize;
      lossSum += batchLoss * batchSize;
      accuracySum += batchAccuracy * batchSize;
    }

    Map<String, Double> logs(boolean withAccuracy) {
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", lossSum / count);
      if (withAccuracy) {
        logs.put("accuracy", accuracySum / count);
      }
      return logs;
    }
  }
}
