package io.github.gctfjava.data;

import io.github.gctfjava.layers.CallContext;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.layers.Rescaling;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.op.data.ShuffleDataset;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.data.DatasetOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The example's {@code prepare(ds, shuffle, augment)} as one tf.data graph, run by TF's native
 * kernels: {@code shuffle(1024)} → {@code batch(128)} → {@code Rescaling(1/255)} and augmentation
 * (training batches only) → {@code prefetch} when asked for. The example rescales before the
 * shuffle; the values are the same either way (see {@link #rescaleAndAugment}).
 *
 * <p>Randomness is reproducible: the shuffle is seeded by {@code (seed, epoch)} and augmentation
 * draws from stateless ops keyed by {@code (seed, epoch, batch index)}, so the same seed gives the
 * same batches in every run, whether batches are augmented ahead of time on TF's threads or when
 * the caller asks, and every epoch is shuffled and augmented afresh, as Keras's
 * reshuffle-each-iteration does.
 */
public final class Pipeline implements Dataset, AutoCloseable {
  /** tf.data's AUTOTUNE, for {@code numParallelCalls} and {@code prefetchBufferSize}. */
  public static final long AUTOTUNE = -1;

  /**
   * Python's None, for {@code numParallelCalls}: tf.data's {@code map} without {@code
   * num_parallel_calls}, each batch mapped when it is asked for; for {@code prefetchBufferSize}: no
   * {@code prefetch}.
   */
  public static final long NONE = 0;

  /** tf.data's {@code max_intra_op_parallelism} for "no limit": the session's intra-op threads. */
  private static final int ALL_INTRA_OP_THREADS = 0;

  /** Batches an epoch can hold before two epochs' augmentation counters could meet. */
  private static final long BATCHES_PER_EPOCH_BOUND = 1L << 20;

  private static final List<Class<? extends TType>> TYPES = List.of(TFloat32.class, TInt64.class);
  private static final List<Shape> BATCH_SHAPES =
      List.of(batched(HorsesOrHumans.IMAGE_SHAPE), Shape.of(-1));

  /**
   * The example's settings, {@code batch_size = 128} and {@code ds.shuffle(1024)}, and the
   * augmenting map's {@code num_parallel_calls} and {@code prefetch}'s {@code buffer_size}: {@link
   * #NONE} and {@link #NONE} by default, where the example says AUTOTUNE. On a CPU the step and the
   * augmentation share the same cores: augmenting each batch when the step asks for it, on all of
   * them, is a little slower than augmenting ahead beside the step, and keeps the process's memory
   * lower and flat across epochs, where augmenting beside the step's own allocations makes TF's
   * pool grow for several epochs (docs/performance.md, "Memory"). {@code withParallelism(1, 1)}
   * augments ahead; with cores to spare, or a GPU training, AUTOTUNE feeds faster.
   */
  public record Options(
      int batchSize, int shuffleBuffer, long seed, long numParallelCalls, long prefetchBufferSize) {
    public Options {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch_size must be at least 1, got " + batchSize);
      }
      if (shuffleBuffer < 1) {
        throw new IllegalArgumentException(
            "shuffle buffer_size must be at least 1, got " + shuffleBuffer);
      }
      if (numParallelCalls < NONE && numParallelCalls != AUTOTUNE) {
        throw new IllegalArgumentException(
            "num_parallel_calls must be NONE (0), at least 1 or AUTOTUNE (-1), got "
                + numParallelCalls);
      }
      if (prefetchBufferSize < NONE && prefetchBufferSize != AUTOTUNE) {
        throw new IllegalArgumentException(
            "prefetch buffer_size must be NONE (0), at least 1 or AUTOTUNE (-1), got "
                + prefetchBufferSize);
      }
    }

    public Options(int batchSize, int shuffleBuffer, long seed) {
      this(batchSize, shuffleBuffer, seed, NONE, NONE);
    }

    public static Options defaults(long seed) {
      return new Options(128, 1024, seed);
    }

    public Options withBatchSize(int batchSize) {
      return new Options(batchSize, shuffleBuffer, seed, numParallelCalls, prefetchBufferSize);
    }

    public Options withParallelism(long numParallelCalls, long prefetchBufferSize) {
      return new Options(batchSize, shuffleBuffer, seed, numParallelCalls, prefetchBufferSize);
    }
  }

  private final ImageSplit split;
  private final Options options;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TUint8> images;
  private final Placeholder<TInt64> labels;
  private final Placeholder<TInt64> firstEpoch;
  private final boolean shuffle;
  private final ConcreteFunction rescaleAndAugment;
  private final Operand<? extends TType> iterator;
  private final IteratorGetNext next;

  /** MakeIterator ops of the epoch chains built so far, by their number of epochs. */
  private final Map<Long, Op> chains = new HashMap<>();

  /** Bumped at every (re)start of the iterator: it serves only the latest stream. */
  private long generation;

  private Pipeline(ImageSplit split, boolean shuffle, Layer augmentation, Options options) {
    this.split = split;
    this.shuffle = shuffle;
    this.options = options;
    Ops tf = Ops.create(graph);
    images = tf.placeholder(TUint8.class, Placeholder.shape(BATCH_SHAPES.get(0)));
    labels = tf.placeholder(TInt64.class, Placeholder.shape(BATCH_SHAPES.get(1)));
    firstEpoch = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    rescaleAndAugment = rescaleAndAugment(augmentation);
    iterator = tf.data.iterator("", "", TYPES, BATCH_SHAPES);
    next = tf.data.iteratorGetNext(iterator, TYPES, BATCH_SHAPES);
    session = new Session(graph);
  }

  /**
   * The example's {@code prepare(ds, shuffle=..., augment=...)}.
   *
   * @param ds the split to read; it must stay open while the pipeline is used
   * @param shuffle whether to shuffle with a buffer of {@code options.shuffleBuffer()}
   * @param augmentation the augmentation layer (the example's {@code data_augmentation} model)
   *     applied to training batches, or null for none
   */
  public static Pipeline prepare(
      ImageSplit ds, boolean shuffle, Layer augmentation, Options options) {
    return new Pipeline(ds, shuffle, augmentation, options);
  }

  /** The number of examples an epoch yields. */
  public int size() {
    return split.size();
  }

  /** Batches an epoch (Keras's steps_per_epoch, the last batch possibly smaller). */
  @Override
  public int steps() {
    return (split.size() + options.batchSize() - 1) / options.batchSize();
  }

  /**
   * Epochs {@code from} to {@code to - 1} (0-based), one after another, as {@code fit} reads them:
   * each is an iterator over its batches, which must be closed. They come from one stream, started
   * once: restarting the input pipeline for each epoch cost up to 17 s an epoch, and with a {@code
   * prefetch} the next epoch's first batches are augmented while the current epoch's last ones
   * train. An epoch's batches depend only on the seed and the epoch number, wherever the stream
   * starts.
   *
   * <p>An epoch left unfinished restarts the stream at the next one. A later call to this method or
   * {@link #epoch} ends the iterators of an earlier one.
   */
  @Override
  public Iterator<Iterator<Batch>> epochs(long from, long to) {
    if (from < 0 || from >= to || to > BATCHES_PER_EPOCH_BOUND) {
      throw new IllegalArgumentException(
          "epochs must satisfy 0 <= from < to <= "
              + BATCHES_PER_EPOCH_BOUND
              + ", got from="
              + from
              + ", to="
              + to);
    }
    return new Iterator<>() {
      private long epoch = from;
      private long stream;
      private EpochBatches current;

      @Override
      public boolean hasNext() {
        return epoch < to;
      }

      @Override
      public Iterator<Batch> next() {
        if (!hasNext()) {
          throw new NoSuchElementException("epochs end at " + (to - 1));
        }
        if (current != null) {
          requireLatest(stream, epoch);
        }
        if (current == null || !current.finished()) {
          stream = start(epoch, to);
        }
        current = new EpochBatches(stream, epoch++);
        return current;
      }
    };
  }

  /** One epoch's share of the stream: exactly {@link #steps()} batches. */
  private final class EpochBatches implements Iterator<Batch> {
    private final long stream;
    private final long epoch;
    private int taken;

    EpochBatches(long stream, long epoch) {
      this.stream = stream;
      this.epoch = epoch;
    }

    boolean finished() {
      return taken == steps();
    }

    @Override
    public boolean hasNext() {
      return !finished();
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("epoch " + epoch + " has no more batches");
      }
      requireLatest(stream, epoch);
      taken++;
      return new Batch(
          session.runner().fetch(next.components().get(0)).fetch(next.components().get(1)).run());
    }
  }

  /** Refuses to read for an iterator whose stream a later (re)start replaced. */
  private void requireLatest(long stream, long epoch) {
    if (stream != generation) {
      throw new IllegalStateException(
          "epoch " + epoch + " belongs to an earlier call to epochs(); the pipeline has moved on");
    }
  }

  /**
   * Makes the iterator read epochs {@code epoch} to {@code end - 1}; returns the new stream's
   * number.
   */
  private long start(long epoch, long end) {
    Op makeIterator = chains.computeIfAbsent(end - epoch, this::chain);
    try (TInt64 first = TInt64.scalarOf(epoch)) {
      session
          .runner()
          .feed(images, split.images())
          .feed(labels, split.labels())
          .feed(firstEpoch, first)
          .addTarget(makeIterator)
          .run();
    }
    return ++generation;
  }

  /**
   * tf.data's options for the chain: its graph rewrites off, its autotuning off unless an option
   * asks for AUTOTUNE, and the map's ops free to use every intra-op thread. To rewrite a dataset,
   * tf.data serializes its graph with every captured tensor as a constant: a copy of all the images
   * for each epoch of the chain; the pipeline is already what those rewrites would make of it (a
   * map over whole batches). Autotuning has nothing to tune at fixed parallelism, and with it on,
   * restarting the iterator for the next run stalled for half a minute. With tf.data's default of
   * one intra-op thread, the augmentation's resampling ran on one core (docs/performance.md).
   */
  private byte[] datasetOptions() {
    boolean autotune =
        options.numParallelCalls() == AUTOTUNE || options.prefetchBufferSize() == AUTOTUNE;
    return DatasetOptions.Options.newBuilder()
        .setOptimizationOptions(
            DatasetOptions.OptimizationOptions.newBuilder()
                .setApplyDefaultOptimizations(false)
                .setInjectPrefetch(false))
        .setAutotuneOptions(DatasetOptions.AutotuneOptions.newBuilder().setEnabled(autotune))
        .setThreadingOptions(
            DatasetOptions.ThreadingOptions.newBuilder()
                .setMaxIntraOpParallelism(ALL_INTRA_OP_THREADS))
        .build()
        .toByteArray();
  }

  /**
   * {@code ds.with_options(datasetOptions())}. Built by hand: TF Java's {@code optionsDataset}
   * takes the serialized proto as a Java string and would re-encode its bytes.
   */
  private Operand<? extends TType> withOptions(Ops tf, Operand<? extends TType> ds) {
    return tf.scope()
        .opBuilder("OptionsDataset", "OptionsDataset")
        .addInput(ds.asOutput())
        .setAttr("serialized_options", datasetOptions())
        .setAttr("output_types", new DataType[] {DataType.DT_FLOAT, DataType.DT_INT64}) // TYPES
        .setAttr("output_shapes", BATCH_SHAPES.toArray(Shape[]::new))
        .build()
        .output(0);
  }

  /**
   * Epochs {@code firstEpoch} to {@code firstEpoch + length - 1} as one dataset, concatenated, then
   * prefetched if asked; built once per length, in the running session's graph. (A flat_map over
   * epoch numbers would build it once, but TF Java cannot yet make a function that returns a
   * dataset.)
   */
  private Op chain(long length) {
    Ops tf = Ops.create(graph).withSubScope("epochs_" + length);
    Operand<? extends TType> ds = null;
    for (long i = 0; i < length; i++) {
      Operand<? extends TType> epoch = oneEpoch(tf, tf.math.add(firstEpoch, tf.constant(i)));
      ds = ds == null ? epoch : tf.data.concatenateDataset(ds, epoch, TYPES, BATCH_SHAPES);
    }
    if (options.prefetchBufferSize() != NONE) {
      ds =
          tf.data.prefetchDataset(
              ds, tf.constant(options.prefetchBufferSize()), TYPES, BATCH_SHAPES);
    }
    ds = withOptions(tf, ds);
    return tf.data.makeIterator(ds, iterator);
  }

  @Override
  public void close() {
    session.close();
    rescaleAndAugment.close();
    graph.close();
  }

  /**
   * One epoch: shuffle(seed, epoch) → batch → each batch beside its index → gather the images and
   * labels → rescale and augment.
   *
   * <p>The shuffle and the batching work on example numbers, and the map gathers each batch's
   * images from the split's tensor: a shuffle's draws do not depend on what it holds, so the
   * batches are those of shuffling the images themselves, without a second copy of the data set in
   * the shuffle buffer (1024 images of 300 x 300 x 3 bytes).
   */
  private Operand<? extends TType> oneEpoch(Ops tf, Operand<TInt64> epoch) {
    List<Class<? extends TType>> numbers = List.of(TInt64.class);
    Operand<? extends TType> ds =
        tf.data.rangeDataset(
            tf.constant(0L),
            tf.constant((long) split.size()),
            tf.constant(1L),
            numbers,
            List.of(Shape.scalar()));
    if (shuffle) {
      ds =
          tf.data.shuffleDataset(
              ds,
              tf.constant((long) options.shuffleBuffer()),
              tf.constant(CallContext.mix(options.seed())),
              tf.math.add(epoch, tf.constant(1L)),
              tf.random.dummySeedGenerator(),
              numbers,
              List.of(Shape.scalar()),
              ShuffleDataset.reshuffleEachIteration(false));
    }
    ds =
        tf.data.batchDataset(
            ds,
            tf.constant((long) options.batchSize()),
            tf.constant(false),
            numbers,
            BATCH_SHAPES.subList(1, 2));
    Operand<? extends TType> index =
        tf.data.rangeDataset(
            tf.constant(0L),
            tf.constant(Long.MAX_VALUE),
            tf.constant(1L),
            List.of(TInt64.class),
            List.of(Shape.scalar()));
    ds =
        tf.data.zipDataset(
            List.of(index, ds),
            List.of(TInt64.class, TInt64.class),
            List.of(Shape.scalar(), BATCH_SHAPES.get(1)));
    List<Operand<?>> captured = List.of(epoch, images, labels);
    if (options.numParallelCalls() == NONE) {
      return tf.data.mapDataset(ds, captured, rescaleAndAugment, TYPES, BATCH_SHAPES);
    }
    return tf.data.parallelMapDataset(
        ds,
        captured,
        tf.constant(options.numParallelCalls()),
        rescaleAndAugment,
        TYPES,
        BATCH_SHAPES,
        ParallelMapDataset.deterministic("true"));
  }

  /**
   * The batch's images and labels gathered by example number, then the example's two maps on the
   * batch: {@code rescale(x)}, then {@code data_augmentation(x, training=True)} when augmenting,
   * drawing from (seed, epoch, batch index). Rescaling a batch gives the same values as the
   * example's per-image map before the shuffle; done here it spares each epoch's start a float copy
   * of the whole data set, which the training step would wait for.
   */
  private ConcreteFunction rescaleAndAugment(Layer augmentation) {
    long seed = options.seed();
    Rescaling rescale = new Rescaling(1.0 / 255);
    return ConcreteFunction.create(
        tf -> {
          Placeholder<TInt64> index =
              tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
          Placeholder<TInt64> examples =
              tf.placeholder(TInt64.class, Placeholder.shape(BATCH_SHAPES.get(1)));
          Placeholder<TInt64> epochNumber =
              tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
          Placeholder<TUint8> allImages =
              tf.placeholder(TUint8.class, Placeholder.shape(BATCH_SHAPES.get(0)));
          Placeholder<TInt64> allLabels =
              tf.placeholder(TInt64.class, Placeholder.shape(BATCH_SHAPES.get(1)));
          Operand<TUint8> x = tf.gather(allImages, examples, tf.constant(0));
          Operand<TInt64> y = tf.gather(allLabels, examples, tf.constant(0));
          Operand<TFloat32> images =
              rescale.apply(tf, tf.dtypes.cast(x, TFloat32.class), CallContext.inference());
          if (augmentation != null) {
            Operand<TInt64> counter =
                tf.math.add(tf.math.mul(epochNumber, tf.constant(BATCHES_PER_EPOCH_BOUND)), index);
            images = augmentation.apply(tf, images, CallContext.training(seed, counter));
          }
          return Signature.builder()
              .input("index", index)
              .input("examples", examples)
              .input("epoch", epochNumber)
              .input("images", allImages)
              .input("labels", allLabels)
              .output("x", images)
              .output("y", y)
              .build();
        });
  }

  static Shape batched(Shape shape) {
    return shape.prepend(-1);
  }
}
