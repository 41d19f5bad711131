package io.github.gctfjava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.layers.Conv2D;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.training.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class FlopCountTest {
  /**
   * 2 x outputs x (kernel height x width x input channels) for each convolution, 2 x in x out for
   * each Dense.
   */
  @Test
  void theExamplesCnnByHand() {
    long conv1 = 2L * 298 * 298 * 16 * (3 * 3 * 3);
    long conv2 = 2L * 147 * 147 * 32 * (3 * 3 * 16);
    long conv3 = 2L * 71 * 71 * 64 * (3 * 3 * 32);
    long conv4 = 2L * 33 * 33 * 64 * (3 * 3 * 64);
    long conv5 = 2L * 14 * 14 * 64 * (3 * 3 * 64);
    long dense1 = 2L * (7 * 7 * 64) * 512;
    long dense2 = 2L * 512;
    long forward = conv1 + conv2 + conv3 + conv4 + conv5 + dense1 + dense2;
    try (Sequential cnn = Cnn.create()) {
      FlopCount count = FlopCount.of(cnn);
      assertEquals(forward, count.forward());
      // Every layer's forward and weight gradient, every input gradient but the first
      // convolution's.
      assertEquals(3 * forward - conv1, count.training());
      assertEquals(0.560, count.forward() / 1e9, 0.0005);
      assertEquals(1.602, count.training() / 1e9, 0.0005);
    }
  }

  @Test
  void weightlessLayersInFrontStillNeedNoInputGradient() {
    try (Sequential model =
        new Sequential(Shape.of(4, 4, 2), new Flatten(), new Dense(3), new Dense(5))) {
      long first = 2L * 32 * 3;
      long second = 2L * 3 * 5;
      assertEquals(new FlopCount(first + second, 2 * first + 3 * second), FlopCount.of(model));
    }
    try (Sequential conv = new Sequential(Shape.of(5, 5, 1), new Conv2D(2, 3))) {
      assertEquals(2L * 3 * 3 * 2 * 9, FlopCount.of(conv).forward());
    }
  }
}
