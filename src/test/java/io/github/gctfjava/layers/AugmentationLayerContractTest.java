package io.github.gctfjava.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** What every random image layer promises, as Keras's preprocessing layers do. */
class AugmentationLayerContractTest {
  static Stream<Arguments> layers() {
    return Stream.of(
        Arguments.of(new RandomFlip(), "random_flip"),
        Arguments.of(new RandomRotation(0.3), "random_rotation"),
        Arguments.of(new RandomZoom(0.2), "random_zoom"));
  }

  @ParameterizedTest
  @MethodSource("layers")
  void inferenceReturnsTheInputsUnchanged(Layer layer, String baseName) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 1)));
      assertSame(x, layer.apply(tf, x, CallContext.inference()));
    }
  }

  @ParameterizedTest
  @MethodSource("layers")
  void isAWeightlessShapePreservingLayer(Layer layer, String baseName) {
    Shape shape = Shape.of(-1, 300, 300, 3);
    assertArrayEquals(shape.asArray(), layer.computeOutputShape(shape).asArray());
    assertEquals(0, layer.countParams(shape));
    assertEquals(List.of(), layer.trainableWeights());
    assertEquals(baseName, layer.baseName());
  }
}
