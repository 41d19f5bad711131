package io.github.gctfjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.training.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * {@link Pipeline#prepare}, the example's {@code prepare(ds, shuffle, augment)}, on small splits
 * whose every image carries its index in pixel (0, 0, 0), so batches can be traced back to
 * examples.
 */
class PipelineTest {
  private static final int SIZE = TestSplits.SIZE;

  /** Labels are {@code LABEL_BASE + index}: a label that left its image is caught exactly. */
  private static final long LABEL_BASE = 1000;

  private static ImageSplit split(int n) {
    return TestSplits.traceable(n, i -> LABEL_BASE + i);
  }

  private static Pipeline.Options options(int batchSize, long seed) {
    return Pipeline.Options.defaults(seed).withBatchSize(batchSize);
  }

  private static float[] floats(Batch batch) {
    float[] values = new float[(int) batch.images().shape().size()];
    batch.images().copyTo(DataBuffers.of(values));
    return values;
  }

  /** The example indices of one epoch, batch by batch, checking each label against its image. */
  private static List<List<Integer>> indices(Pipeline pipeline, long epoch) {
    List<List<Integer>> batches = new ArrayList<>();
    for (Iterator<Batch> it = pipeline.epoch(epoch); it.hasNext(); ) {
      try (Batch batch = it.next()) {
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
          int id = Math.round(batch.images().getFloat(k, 0, 0, 0) * 255);
          assertEquals(
              LABEL_BASE + id,
              batch.labels().getLong(k),
              "label of example " + id + " at position " + k);
          ids.add(id);
        }
        batches.add(ids);
      }
    }
    return batches;
  }

  private static List<Integer> order(Pipeline pipeline, long epoch) {
    return indices(pipeline, epoch).stream().flatMap(List::stream).toList();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void rescalesEveryValueToUint8Over255() {
    try (ImageSplit split = split(3);
        Pipeline ds = Pipeline.prepare(split, false, null, options(3, 1))) {
      Iterator<Batch> batches = ds.epoch(0);
      try (Batch batch = batches.next()) {
        assertEquals(Shape.of(3, SIZE, SIZE, 3), batch.images().shape());
        float[] got = floats(batch);
        byte[] want = TestSplits.pixels(3);
        for (int p = 0; p < want.length; p++) {
          double expected = (want[p] & 0xFF) / 255.0;
          if (Math.abs(got[p] - expected) > 1e-7) {
            assertEquals(expected, got[p], 1e-7, "value " + p);
          }
        }
      }
      assertFalse(batches.hasNext(), "one batch of 3");
    }
  }

  @Test
  void batchesAreFullButTheLast() {
    try (ImageSplit split = split(5);
        Pipeline ds = Pipeline.prepare(split, true, null, options(2, 1))) {
      assertEquals(3, ds.steps());
      assertEquals(5, ds.size());
      assertEquals(List.of(2, 2, 1), indices(ds, 0).stream().map(List::size).toList());
    }
  }

  @Test
  void stepsMirrorTheExamplesEightFullBatchesAndARemainder() {
    // The example: 1027 images in batches of 128 are 8 full batches and one of 3, 9 steps.
    // Pixels are not needed for the count: a split that names 1027 files but holds no images.
    List<String> names = IntStream.range(0, 1027).mapToObj(i -> "img" + i).toList();
    try (ImageSplit named =
            new ImageSplit(
                "train", TUint8.tensorOf(Shape.of(0, SIZE, SIZE, 3)), new long[1027], names);
        Pipeline ds = Pipeline.prepare(named, true, null, Pipeline.Options.defaults(1))) {
      assertEquals(9, ds.steps());
    }
    // The same shape of epoch, really run: 17 images in batches of 2 are 8 full and one of 1.
    try (ImageSplit split = split(17);
        Pipeline ds = Pipeline.prepare(split, true, null, options(2, 1))) {
      assertEquals(9, ds.steps());
      List<Integer> sizes = indices(ds, 0).stream().map(List::size).toList();
      assertEquals(List.of(2, 2, 2, 2, 2, 2, 2, 2, 1), sizes);
    }
  }

  @Test
  void withoutShuffleOrderIsPreserved() {
    try (ImageSplit split = split(7);
        Pipeline ds = Pipeline.prepare(split, false, null, options(3, 1))) {
      assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)), indices(ds, 0));
      assertEquals(range(7), order(ds, 1), "no shuffle in later epochs either");
    }
  }

  @Test
  void shuffleIsReproducibleBySeedAndFreshEachEpoch() {
    // 10 examples in a buffer of 1024: each epoch's order is one of 10! permutations, so two
    // independent orders coincide with probability 1/10! ~ 2.8e-7.
    try (ImageSplit split = split(10);
        Pipeline a = Pipeline.prepare(split, true, null, options(4, 42));
        Pipeline b = Pipeline.prepare(split, true, null, options(4, 42));
        Pipeline c = Pipeline.prepare(split, true, null, options(4, 43))) {
      List<Integer> a0 = order(a, 0);
      List<Integer> a1 = order(a, 1);
      assertNotEquals(range(10), a0, "shuffled");
      assertEquals(range(10), a0.stream().sorted().toList(), "every example once in epoch 0");
      assertEquals(range(10), a1.stream().sorted().toList(), "every example once in epoch 1");
      assertNotEquals(a0, a1, "reshuffled each epoch");
      assertEquals(a0, order(b, 0), "same seed, same order");
      assertEquals(a1, order(b, 1), "same seed, same order in epoch 1");
      assertNotEquals(a0, order(c, 0), "another seed, another order");
      assertEquals(a0, order(a, 0), "an epoch replayed gives its order again");
    }
  }

  @Test
  void shuffleDrawsFromABufferOfTheGivenSize() {
    // tf.data's shuffle(buffer_size=B) emits at position k one of the first k + B elements.
    try (ImageSplit split = split(10);
        Pipeline ds = Pipeline.prepare(split, true, null, new Pipeline.Options(4, 3, 7));
        Pipeline none = Pipeline.prepare(split, true, null, new Pipeline.Options(4, 1, 7))) {
      List<Integer> order = order(ds, 0);
      for (int k = 0; k < order.size(); k++) {
        assertTrue(
            order.get(k) <= k + 2, "position " + k + " holds " + order.get(k) + " in " + order);
      }
      assertEquals(range(10), order.stream().sorted().toList());
      assertEquals(range(10), order(none, 0), "a buffer of one does not shuffle");
    }
  }

  @Test
  void augmentsOnlyWhenGivenAnAugmentationModel() {
    try (ImageSplit split = split(4);
        Sequential augmentation = Augmentation.create();
        Pipeline plain = Pipeline.prepare(split, false, null, options(4, 5));
        Pipeline augmented = Pipeline.prepare(split, false, augmentation, options(4, 5));
        Batch p = plain.epoch(0).next();
        Batch a = augmented.epoch(0).next()) {
      float[] plainPixels = floats(p);
      float[] augmentedPixels = floats(a);
      int perImage = SIZE * SIZE * 3;
      for (int i = 0; i < 4; i++) {
        double maxDiff = 0;
        for (int q = i * perImage; q < (i + 1) * perImage; q++) {
          maxDiff = Math.max(maxDiff, Math.abs(plainPixels[q] - augmentedPixels[q]));
          // Bilinear interpolation with reflected borders mixes inputs in [0, 1] convexly.
          assertTrue(
              augmentedPixels[q] >= -1e-6 && augmentedPixels[q] <= 1 + 1e-6,
              "value " + augmentedPixels[q]);
        }
        assertTrue(
            maxDiff > 0.01, "image " + i + " changed by augmentation, max |diff| = " + maxDiff);
      }
      assertArrayEquals(
          new long[] {1000, 1001, 1002, 1003}, labels(a), "labels untouched by augmentation");
    }
  }

  @Test
  void augmentationIsReproducibleBySeedAndFreshEachEpoch() {
    try (ImageSplit split = split(6);
        Sequential augA = Augmentation.create();
        Sequential augB = Augmentation.create();
        Pipeline a = Pipeline.prepare(split, true, augA, options(4, 9));
        Pipeline b = Pipeline.prepare(split, true, augB, options(4, 9));
        Pipeline c =
            Pipeline.prepare(
                split,
                true,
                augB,
                options(4, 9).withParallelism(Pipeline.AUTOTUNE, Pipeline.AUTOTUNE));
        Pipeline ahead = Pipeline.prepare(split, true, augB, options(4, 9).withParallelism(1, 1))) {
      List<float[]> a0 = allPixels(a, 0);
      List<float[]> b0 = allPixels(b, 0);
      List<float[]> c0 = allPixels(c, 0);
      List<float[]> ahead0 = allPixels(ahead, 0);
      assertEquals(2, a0.size());
      for (int k = 0; k < a0.size(); k++) {
        assertArrayEquals(a0.get(k), b0.get(k), 0f, "batch " + k + " identical for the same seed");
        assertArrayEquals(
            a0.get(k), c0.get(k), 0f, "batch " + k + " identical whatever the parallelism");
        assertArrayEquals(
            a0.get(k), ahead0.get(k), 0f, "batch " + k + " identical augmented ahead or on demand");
      }
      assertArrayEquals(a0.get(0), allPixels(a, 0).get(0), 0f, "epoch 0 replayed");
      assertFalse(Arrays.equals(a0.get(0), allPixels(a, 1).get(0)), "epoch 1 augmented afresh");
    }
  }

  @Test
  void repeatedEpochsAndEarlyRestartsRunCleanly() {
    try (ImageSplit split = split(5)) {
      try (Sequential augmentation = Augmentation.create();
          Pipeline ds = Pipeline.prepare(split, true, augmentation, options(2, 3))) {
        for (int epoch = 0; epoch < 3; epoch++) {
          Iterator<Batch> batches = ds.epoch(epoch);
          int examples = 0;
          while (batches.hasNext()) {
            try (Batch batch = batches.next()) {
              examples += batch.size();
            }
          }
          assertEquals(5, examples, "epoch " + epoch);
          assertThrows(NoSuchElementException.class, batches::next);
        }
        // An epoch abandoned after one batch; the next starts from its beginning.
        ds.epoch(3).next().close();
        assertEquals(3, allPixels(ds, 4).size());
        assertThrows(IllegalArgumentException.class, () -> ds.epoch(-1));
      }
      // The split outlives its pipelines and serves a new one.
      try (Pipeline again = Pipeline.prepare(split, false, null, options(5, 3))) {
        assertEquals(List.of(range(5)), indices(again, 0));
      }
    }
  }

  @Test
  void epochsStreamedTogetherEqualEpochsTakenAlone() {
    try (ImageSplit split = split(5);
        Sequential augmentation = Augmentation.create();
        Pipeline ds = Pipeline.prepare(split, true, augmentation, options(2, 9))) {
      List<List<float[]>> alone = List.of(allPixels(ds, 0), allPixels(ds, 1), allPixels(ds, 2));
      Iterator<Iterator<Batch>> stream = ds.epochs(0, 3);
      for (int epoch = 0; epoch < 3; epoch++) {
        List<float[]> streamed = pixels(stream.next());
        assertEquals(ds.steps(), streamed.size(), "epoch " + epoch + " ends after steps() batches");
        for (int b = 0; b < streamed.size(); b++) {
          assertArrayEquals(
              alone.get(epoch).get(b), streamed.get(b), 0f, "epoch " + epoch + ", batch " + b);
        }
      }
      assertFalse(stream.hasNext());
      assertThrows(NoSuchElementException.class, stream::next);

      // An epoch left after one batch: the stream restarts at the next epoch, which is unchanged.
      Iterator<Iterator<Batch>> resumed = ds.epochs(1, 3);
      Iterator<Batch> partial = resumed.next();
      partial.next().close();
      List<float[]> next = pixels(resumed.next());
      assertThrows(
          IllegalStateException.class,
          partial::next,
          "the abandoned epoch does not read the new stream");
      for (int b = 0; b < next.size(); b++) {
        assertArrayEquals(
            alone.get(2).get(b),
            next.get(b),
            0f,
            "epoch 2 after an unfinished epoch 1, batch " + b);
      }

      // A later call takes the pipeline over; the earlier iterators say so instead of mixing
      // streams.
      Iterator<Batch> stale = ds.epochs(0, 2).next();
      ds.epoch(1).next().close();
      IllegalStateException moved = assertThrows(IllegalStateException.class, stale::next);
      assertTrue(moved.getMessage().contains("epoch 0"), moved.getMessage());
      IllegalArgumentException empty =
          assertThrows(IllegalArgumentException.class, () -> ds.epochs(2, 2));
      assertTrue(
          empty.getMessage().contains("from=2") && empty.getMessage().contains("to=2"),
          empty.getMessage());
    }
  }

  @Test
  void optionsRejectEmptyBatchesAndBuffers() {
    IllegalArgumentException batch =
        assertThrows(IllegalArgumentException.class, () -> new Pipeline.Options(0, 1024, 1));
    assertTrue(
        batch.getMessage().contains("batch_size") && batch.getMessage().contains("0"),
        batch.getMessage());
    IllegalArgumentException buffer =
        assertThrows(IllegalArgumentException.class, () -> new Pipeline.Options(128, 0, 1));
    assertTrue(buffer.getMessage().contains("buffer_size"), buffer.getMessage());
    assertEquals(
        new Pipeline.Options(128, 1024, 5),
        Pipeline.Options.defaults(5),
        "the example's batch_size and shuffle buffer");
    IllegalArgumentException calls =
        assertThrows(
            IllegalArgumentException.class,
            () -> Pipeline.Options.defaults(5).withParallelism(-3, 2));
    assertTrue(
        calls.getMessage().contains("num_parallel_calls") && calls.getMessage().contains("-3"),
        calls.getMessage());
    IllegalArgumentException prefetch =
        assertThrows(
            IllegalArgumentException.class,
            () -> Pipeline.Options.defaults(5).withParallelism(Pipeline.AUTOTUNE, -2));
    assertTrue(
        prefetch.getMessage().contains("prefetch") && prefetch.getMessage().contains("-2"),
        prefetch.getMessage());
  }

  private static long[] labels(Batch batch) {
    long[] labels = new long[batch.size()];
    for (int k = 0; k < labels.length; k++) {
      labels[k] = batch.labels().getLong(k);
    }
    return labels;
  }

  private static List<float[]> allPixels(Pipeline pipeline, long epoch) {
    return pixels(pipeline.epoch(epoch));
  }

  private static List<float[]> pixels(Iterator<Batch> epoch) {
    List<float[]> batches = new ArrayList<>();
    for (Iterator<Batch> it = epoch; it.hasNext(); ) {
      try (Batch batch = it.next()) {
        batches.add(floats(batch));
      }
    }
    return batches;
  }
}
