package io.github.gctfjava.layers;

import static io.github.gctfjava.layers.AugmentationTestSupport.image;
import static io.github.gctfjava.layers.AugmentationTestSupport.iota;
import static io.github.gctfjava.layers.AugmentationTestSupport.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.training.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.op.data.MakeIterator;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The example's augmentation stack inside a tf.data map function, as the input pipeline runs it.
 */
class AugmentationPipelineTest {
  private static final Shape IMAGE = Shape.of(4, 4, 1);
  private static final Shape BATCH = Shape.of(-1, 4, 4, 1);

  /**
   * The batches of {@code 6} copies of the 4x4 iota image, batched by 4 (so 4 then 2 images, the
   * batch size unknown to the map function) and mapped through {@code model} in training mode. Each
   * batch's counter is the index of its first image, as a pipeline would number batches.
   */
  private static List<float[]> mappedBatches(Sequential model) {
    float[] images = repeat(iota(16), 6);
    List<Class<? extends TType>> types = List.of(TFloat32.class, TInt64.class);
    List<Shape> batchShapes = List.of(BATCH, Shape.of(-1));
    try (Graph g = new Graph();
        Session session = new Session(g);
        ConcreteFunction augment =
            ConcreteFunction.create(
                ftf -> {
                  Placeholder<TFloat32> x =
                      ftf.placeholder(TFloat32.class, Placeholder.shape(BATCH));
                  Placeholder<TInt64> index =
                      ftf.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
                  Operand<TInt64> counter =
                      ftf.reshape(
                          ftf.slice(
                              index, ftf.constant(new int[] {0}), ftf.constant(new int[] {1})),
                          ftf.constant(new int[0]));
                  Operand<TFloat32> y = model.call(ftf, x, CallContext.training(42L, counter));
                  return Signature.builder()
                      .input("x", x)
                      .input("index", index)
                      .output("y", y)
                      .build();
                })) {
      Ops tf = Ops.create(g);
      Operand<?> slices =
          tf.data.tensorSliceDataset(
              List.of(
                  tf.constant(Shape.of(6, 4, 4, 1), DataBuffers.of(images)),
                  tf.constant(new long[] {0, 1, 2, 3, 4, 5})),
              List.of(IMAGE, Shape.scalar()));
      Operand<?> batched =
          tf.data.batchDataset(slices, tf.constant(4L), tf.constant(false), types, batchShapes);
      List<Class<? extends TType>> imageType = List.of(TFloat32.class);
      Operand<?> mapped =
          tf.data.mapDataset(batched, List.of(), augment, imageType, List.of(BATCH));
      // A named iterator resource lives across session runs (an anonymous one would not).
      Iterator iterator = tf.data.iterator("augmented", "", imageType, List.of(BATCH));
      MakeIterator init = tf.data.makeIterator(mapped, iterator.handle());
      IteratorGetNext next = tf.data.iteratorGetNext(iterator.handle(), imageType, List.of(BATCH));
      session.runner().addTarget(init).run();
      List<float[]> batches = new ArrayList<>();
      for (int b = 0; b < 2; b++) {
        try (Result r = session.runner().fetch(next.components().get(0)).run()) {
          batches.add(AugmentationTestSupport.toArray((TFloat32) r.get(0)));
        }
      }
      return batches;
    }
  }

  @Test
  void flipsInsideAMapFunctionWithUnknownBatchSize() {
    List<float[]> batches = mappedBatches(new Sequential(new RandomFlip("horizontal")));
    assertEquals(4 * 16, batches.get(0).length, "first batch holds 4 images");
    assertEquals(2 * 16, batches.get(1).length, "last batch holds the 2 left over");
    float[] original = iota(16);
    float[] mirrored = {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12};
    for (float[] batch : batches) {
      for (int i = 0; i < batch.length / 16; i++) {
        float[] img = image(batch, i, 16);
        assertTrue(
            Arrays.equals(original, img) || Arrays.equals(mirrored, img),
            "each image is the original or its mirror: " + Arrays.toString(img));
      }
    }
  }

  @Test
  void theExampleStackAugmentsEachBatchDifferently() {
    List<float[]> batches =
        mappedBatches(
            new Sequential(
                new RandomFlip("horizontal_and_vertical"),
                new RandomRotation(0.3),
                new RandomZoom(0.2)));
    float[] original = iota(16);
    for (float[] batch : batches) {
      for (float v : batch) {
        // Flips, reflect fill and bilinear interpolation only blend existing pixels.
        assertTrue(v >= -1e-4f && v <= 15 + 1e-4f, "pixel " + v + " within the input's [0, 15]");
      }
      assertFalse(Arrays.equals(original, image(batch, 0, 16)), "the first image was augmented");
    }
    assertFalse(
        Arrays.equals(image(batches.get(0), 0, 16), image(batches.get(1), 0, 16)),
        "batches with different counters are augmented differently");
    assertArrayEquals(
        batches.get(0),
        mappedBatches(
                new Sequential(
                    new RandomFlip("horizontal_and_vertical"),
                    new RandomRotation(0.3),
                    new RandomZoom(0.2)))
            .get(0),
        0f,
        "the same seed replays the same augmentation");
  }

  @Test
  void theStackKeepsTheStaticImageShapeForTheLayersAfterIt() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Shape shape = Shape.of(-1, 300, 300, 3);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      Operand<TFloat32> y =
          new Sequential(new RandomFlip(), new RandomRotation(0.3), new RandomZoom(0.2))
              .call(tf, x, CallContext.training(42L, tf.constant(0L)));
      assertArrayEquals(
          shape.asArray(),
          y.shape().asArray(),
          "a Conv2D after the augmentation builds from (None, 300, 300, 3)");
    }
  }
}
