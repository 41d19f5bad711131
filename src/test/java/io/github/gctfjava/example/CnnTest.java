package io.github.gctfjava.example;

import static io.github.gctfjava.layers.Tensors.fetch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.layers.Activations;
import io.github.gctfjava.layers.CallContext;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.training.Sequential;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class CnnTest {

  /** TF 2.5's {@code model.summary()} for this model, as printed in the keras.io example. */
  private static final String KERAS_SUMMARY =
      String.join(
          "\n",
          "Model: \"sequential_1\"",
          "_________________________________________________________________",
          "Layer (type)                 Output Shape              Param #   ",
          "=================================================================",
          "conv2d (Conv2D)              (None, 298, 298, 16)      448       ",
          "_________________________________________________________________",
          "max_pooling2d (MaxPooling2D) (None, 149, 149, 16)      0         ",
          "_________________________________________________________________",
          "conv2d_1 (Conv2D)            (None, 147, 147, 32)      4640      ",
          "_________________________________________________________________",
          "dropout (Dropout)            (None, 147, 147, 32)      0         ",
          "_________________________________________________________________",
          "max_pooling2d_1 (MaxPooling2 (None, 73, 73, 32)        0         ",
          "_________________________________________________________________",
          "conv2d_2 (Conv2D)            (None, 71, 71, 64)        18496     ",
          "_________________________________________________________________",
          "dropout_1 (Dropout)          (None, 71, 71, 64)        0         ",
          "_________________________________________________________________",
          "max_pooling2d_2 (MaxPooling2 (None, 35, 35, 64)        0         ",
          "_________________________________________________________________",
          "conv2d_3 (Conv2D)            (None, 33, 33, 64)        36928     ",
          "_________________________________________________________________",
          "max_pooling2d_3 (MaxPooling2 (None, 16, 16, 64)        0         ",
          "_________________________________________________________________",
          "conv2d_4 (Conv2D)            (None, 14, 14, 64)        36928     ",
          "_________________________________________________________________",
          "max_pooling2d_4 (MaxPooling2 (None, 7, 7, 64)          0         ",
          "_________________________________________________________________",
          "flatten (Flatten)            (None, 3136)              0         ",
          "_________________________________________________________________",
          "dropout_2 (Dropout)          (None, 3136)              0         ",
          "_________________________________________________________________",
          "dense (Dense)                (None, 512)               1606144   ",
          "_________________________________________________________________",
          "dense_1 (Dense)              (None, 1)                 513       ",
          "=================================================================",
          "Total params: 1,704,097",
          "Trainable params: 1,704,097",
          "Non-trainable params: 0",
          "_________________________________________________________________",
          "");

  @Test
  void summaryIsKerasTable() {
    assertEquals(KERAS_SUMMARY, Cnn.create().summary());
  }

  @Test
  void layerNamesOutputShapesAndParamsAreKeras() {
    Sequential model = Cnn.create();
    assertEquals(
        List.of(
            "conv2d",
            "max_pooling2d",
            "conv2d_1",
            "dropout",
            "max_pooling2d_1",
            "conv2d_2",
            "dropout_1",
            "max_pooling2d_2",
            "conv2d_3",
            "max_pooling2d_3",
            "conv2d_4",
            "max_pooling2d_4",
            "flatten",
            "dropout_2",
            "dense",
            "dense_1"),
        model.layers().stream().map(Layer::name).collect(Collectors.toList()));
    long[][] shapes = {
      {-1, 298, 298, 16},
      {-1, 149, 149, 16},
      {-1, 147, 147, 32},
      {-1, 147, 147, 32},
      {-1, 73, 73, 32},
      {-1, 71, 71, 64},
      {-1, 71, 71, 64},
      {-1, 35, 35, 64},
      {-1, 33, 33, 64},
      {-1, 16, 16, 64},
      {-1, 14, 14, 64},
      {-1, 7, 7, 64},
      {-1, 3136},
      {-1, 3136},
      {-1, 512},
      {-1, 1}
    };
    List<Shape> actual = model.outputShapes();
    assertEquals(shapes.length, actual.size());
    for (int i = 0; i < shapes.length; i++) {
      assertArrayEquals(shapes[i], actual.get(i).asArray(), model.layers().get(i).name());
    }
    assertEquals(1_704_097L, model.countParams());
  }

  @Test
  void buildCreatesKerasNamedWeightsInKerasOrder() {
    try (Graph g = new Graph()) {
      Sequential model = Cnn.create();
      model.build(Ops.create(g), 1L);
      List<Variable<TFloat32>> weights = model.trainableWeights();
      List<String> expected =
          List.of("conv2d", "conv2d_1", "conv2d_2", "conv2d_3", "conv2d_4", "dense", "dense_1")
              .stream()
              .flatMap(layer -> List.of(layer + "/kernel", layer + "/bias").stream())
              .collect(Collectors.toList());
      assertEquals(expected, weights.stream().map(w -> w.op().name()).collect(Collectors.toList()));
      assertEquals(1_704_097L, weights.stream().mapToLong(w -> w.shape().size()).sum());
    }
  }

  @Test
  void modelSeedFixesTheInitialWeightsAndLayersDiffer() {
    List<float[]> a = initialWeights(5L);
    List<float[]> b = initialWeights(5L);
    List<float[]> c = initialWeights(6L);
    for (int i = 0; i < a.size(); i += 2) { // kernels; biases are zero in all
      assertArrayEquals(a.get(i), b.get(i), 0f, "same seed, weight " + i);
      assertFalse(Arrays.equals(a.get(i), c.get(i)), "another seed, weight " + i);
    }
    // conv2d_3 and conv2d_4 have the same kernel shape (3, 3, 64, 64) but their own draws.
    assertFalse(Arrays.equals(a.get(6), a.get(8)), "conv2d_3 vs conv2d_4");
  }

  private static List<float[]> initialWeights(long seed) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Sequential model = Cnn.create();
      model.build(Ops.create(g), seed);
      s.initialize();
      return model.trainableWeights().stream().map(w -> fetch(s, w)).collect(Collectors.toList());
    }
  }

  /**
   * A (2, 300, 300, 3) batch fed to an input of unknown batch size gives (2, 1) probabilities, in
   * inference and in training; the logits of the final sigmoid are reachable and carry a gradient
   * to every weight.
   */
  @Test
  void runsEndToEndOnABatch() {
    float[] pixels = new float[2 * 300 * 300 * 3];
    Random random = new Random(9);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    try (Graph g = new Graph();
        Session s = new Session(g);
        TFloat32 batch = TFloat32.tensorOf(Shape.of(2, 300, 300, 3), DataBuffers.of(pixels))) {
      Ops tf = Ops.create(g);
      Sequential model = Cnn.create();
      model.build(tf, 3L);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(model.batchInputShape()));
      Operand<TFloat32> inference = model.call(tf, images, CallContext.inference());
      Operand<TFloat32> training =
          model.call(tf, images, CallContext.training(3L, tf.constant(0L)));
      Operand<TFloat32> logits = Activations.sigmoidLogits(training);
      List<Variable<TFloat32>> weights = model.trainableWeights();
      Gradients gradients =
          tf.gradients(tf.reduceSum(logits, tf.constant(new int[] {0, 1})), weights);
      s.initialize();

      Session.Runner runner =
          s.runner()
              .feed(images, batch)
              .fetch(inference)
              .fetch(training)
              .fetch(logits)
              .fetch(gradients.dy(weights.size() - 1));
      try (Result r = runner.run()) {
        for (int k = 0; k < 2; k++) {
          TFloat32 p = (TFloat32) r.get(k);
          assertArrayEquals(new long[] {2, 1}, p.shape().asArray());
          for (int i = 0; i < 2; i++) {
            float v = p.getFloat(i, 0);
            assertTrue(v >= 0f && v <= 1f, "probability in [0, 1], got " + v);
          }
        }
        TFloat32 p = (TFloat32) r.get(1);
        TFloat32 z = (TFloat32) r.get(2);
        for (int i = 0; i < 2; i++) {
          assertEquals(
              1 / (1 + Math.exp(-z.getFloat(i, 0))),
              p.getFloat(i, 0),
              1e-6,
              "sigmoid(logits) = output");
        }
        // d(sum of the 2 logits) / d(final bias) = 2
        assertEquals(2f, ((TFloat32) r.get(3)).getFloat(0), 0f);
      }
      Session.Runner gradientRunner = s.runner().feed(images, batch);
      for (int i = 0; i < weights.size(); i++) {
        gradientRunner.fetch(gradients.dy(i));
      }
      try (Result r = gradientRunner.run()) {
        for (int i = 0; i < weights.size(); i++) {
          assertArrayEquals(
              weights.get(i).shape().asArray(),
              r.get(i).shape().asArray(),
              "gradient of " + weights.get(i).op().name());
        }
      }
    }
  }
}
