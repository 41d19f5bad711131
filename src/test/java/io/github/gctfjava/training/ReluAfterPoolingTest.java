package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.layers.Conv2D;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.layers.MaxPooling2D;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.layers.ReluAfterPooling;
import io.github.gctfjava.optimizers.GCRMSprop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A convolution's relu applied after its dropout and pooling ({@link
 * Sequential#setReluAfterPooling}): the same training steps as Keras's order, bit for bit.
 */
class ReluAfterPoolingTest {
  @Test
  void aRunIsAReluLayerAnyDropoutsAndAPooling() {
    Conv2D relu = new Conv2D(4, 3, "relu");
    Conv2D linear = new Conv2D(4, 3, null);
    MaxPooling2D pool = new MaxPooling2D(2);
    Dropout dropout = new Dropout(0.5);
    assertEquals(2, ReluAfterPooling.endOfRun(List.of(relu, pool), 0));
    assertEquals(4, ReluAfterPooling.endOfRun(List.of(relu, dropout, dropout, pool, relu), 0));
    assertEquals(3, ReluAfterPooling.endOfRun(List.of(pool, relu, pool), 1), "from the second");
    assertEquals(1, ReluAfterPooling.endOfRun(List.of(relu, new Flatten()), 0), "no pooling");
    assertEquals(1, ReluAfterPooling.endOfRun(List.of(relu, dropout), 0), "no pooling");
    assertEquals(1, ReluAfterPooling.endOfRun(List.of(linear, pool), 0), "no relu");
    assertEquals(1, ReluAfterPooling.endOfRun(List.of(new Conv2D(4, 3, "sigmoid"), pool), 0));
    assertEquals(1, ReluAfterPooling.endOfRun(List.of(relu), 0), "the last layer");
  }

  /**
   * Three GCRMSprop steps of a small CNN with dropout between a convolution and its pooling: the
   * losses and every weight after them equal Keras's order exactly (tolerance 0), in float32 and
   * under mixed_bfloat16, and the relu of the rewritten graph runs on the pooled tensors.
   */
  @ParameterizedTest
  @ValueSource(strings = {"float32", "mixed_bfloat16"})
  void trainsAsKerassOrderBitForBit(String policy) {
    Steps keras = steps(false, Policy.of(policy));
    Steps after = steps(true, Policy.of(policy));
    assertEquals(keras.losses(), after.losses());
    for (int w = 0; w < keras.weights().size(); w++) {
      float[] a = keras.weights().get(w);
      float[] b = after.weights().get(w);
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 0f, "weight " + w + " element " + i);
      }
    }
    assertTrue(keras.reluOnConvolutionOutput(), "Keras's order: relu on the 12 x 12 outputs");
    assertFalse(after.reluOnConvolutionOutput(), "relu after pooling: none on 12 x 12 tensors");
  }

  private record Steps(
      List<Double> losses, List<float[]> weights, boolean reluOnConvolutionOutput) {}

  private static Steps steps(boolean reluAfterPooling, Policy policy) {
    List<Layer> layers =
        List.of(
            new Conv2D(4, 3, "relu"),
            new Dropout(0.5),
            new MaxPooling2D(2),
            new Conv2D(4, 3, "relu"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dropout(0.5),
            new Dense(1, "sigmoid"));
    layers.forEach(layer -> layer.setDtypePolicy(policy));
    try (Sequential model = new Sequential("small_cnn", Shape.of(14, 14, 3), layers)) {
      model.setReluAfterPooling(reluAfterPooling);
      model.setSeed(5);
      model.compile("binary_crossentropy", new GCRMSprop(model.graph(), 0.01f), "accuracy");
      Random random = new Random(17);
      List<Double> losses = new ArrayList<>();
      for (int step = 0; step < 3; step++) {
        float[] pixels = new float[6 * 14 * 14 * 3];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = random.nextFloat() - 0.3f;
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(6, 14, 14, 3), DataBuffers.of(pixels));
            TInt64 y = TInt64.vectorOf(1, 0, 0, 1, 1, 0)) {
          losses.add(model.trainOnBatch(x, y).get("loss"));
        }
      }
      return new Steps(losses, WeightValues.of(model), reluOn(model, 12));
    }
  }

  /** Whether the graph has a relu (TrainingRelu's ReluGrad, or Relu) on {@code side}² tensors. */
  private static boolean reluOn(Sequential model, long side) {
    var operations = model.graph().operations();
    while (operations.hasNext()) {
      GraphOperation op = (GraphOperation) operations.next();
      if ((op.type().equals("ReluGrad") || op.type().equals("Relu")) && op.numOutputs() == 1) {
        Shape shape = op.output(0).shape();
        if (shape.numDimensions() == 4 && shape.get(1) == side && shape.get(2) == side) {
          return true;
        }
      }
    }
    return false;
  }
}
