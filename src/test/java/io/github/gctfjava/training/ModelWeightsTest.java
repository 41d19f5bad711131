package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.optimizers.GCRMSprop;
import io.github.gctfjava.optimizers.RMSprop;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Model's predict, get/set_weights, save/load_weights, and the checks of the train counter and
 * initial_epoch.
 */
class ModelWeightsTest {
  @TempDir Path dir;

  private static Sequential model(long seed) {
    Sequential model =
        new Sequential(
            "m",
            Shape.of(2, 2, 1),
            List.of(
                new Flatten(), new Dropout(0.5), new Dense(3, "relu"), new Dense(1, "sigmoid")));
    model.setSeed(seed);
    return model;
  }

  private static TFloat32 batch() {
    return TFloat32.tensorOf(
        Shape.of(2, 2, 2, 1), DataBuffers.of(0.1f, 0.9f, 0.3f, 0.7f, 1f, 0f, 0.5f, 0.25f));
  }

  private static float[] values(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  @Test
  void setWeightsCopiesAnotherModelsWeightsSoPredictionsAgree() {
    try (Sequential a = model(1);
        Sequential b = model(2);
        TFloat32 x = batch()) {
      try (TFloat32 pa = a.predict(x);
          TFloat32 pb = b.predict(x)) {
        assertFalse(Arrays.equals(values(pa), values(pb)), "different seeds, different weights");
      }
      try (Result weights = a.getWeights()) {
        assertEquals(4, weights.size());
        b.setWeights(
            List.of(
                (TFloat32) weights.get(0),
                (TFloat32) weights.get(1),
                (TFloat32) weights.get(2),
                (TFloat32) weights.get(3)));
      }
      try (TFloat32 pa = a.predict(x);
          TFloat32 pb = b.predict(x);
          TFloat32 again = b.predict(x)) {
        assertArrayEquals(values(pa), values(pb), 0f);
        assertArrayEquals(values(pb), values(again), 0f, "dropout is off in predict");
      }
    }
  }

  @Test
  void setWeightsNamesAWeightOfTheWrongShape() {
    try (Sequential a = model(1);
        Result weights = a.getWeights()) {
      TFloat32 kernel = (TFloat32) weights.get(0);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> a.setWeights(List.of(kernel, kernel, kernel, kernel)));
      assertEquals("weight dense/bias has shape [3], got a value of shape [4, 3]", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> a.setWeights(List.of(kernel)));
    }
  }

  @Test
  void loadWeightsRestoresTheWeightsSaveWeightsWrote() {
    try (Sequential a = model(1);
        Sequential b = model(2);
        TFloat32 x = batch();
        TInt64 y = TInt64.vectorOf(0, 1)) {
      a.compile("binary_crossentropy", new RMSprop(a.graph(), 0.1f));
      b.compile("binary_crossentropy", new RMSprop(b.graph(), 0.1f));
      a.trainOnBatch(x, y);
      a.saveWeights(dir.resolve("ckpt"));
      b.loadWeights(dir.resolve("ckpt"));
      b.setTrainCounter(a.trainCounter());
      // The weights (the slots are checked in the export package's CheckpointTest).
      try (TFloat32 pa = a.predict(x);
          TFloat32 pb = b.predict(x)) {
        assertArrayEquals(values(pa), values(pb), 0f);
      }
    }
  }

  @Test
  void aSecondCompileAfterASaveWouldLeaveItsSlotsOutAndIsRefused() {
    try (Sequential a = model(1)) {
      a.compile("binary_crossentropy", new RMSprop(a.graph(), 0.1f));
      a.saveWeights(dir.resolve("first"));
      a.compile("binary_crossentropy", new GCRMSprop(a.graph(), 0.1f));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> a.saveWeights(dir.resolve("second")));
      assertEquals(
          "the graph has 12 variables, but its saver, built at the first save or restore, covers 8;"
              + " compile before saving or restoring weights",
          e.getMessage());
    }
  }

  @Test
  void trainCounterAndInitialEpochAreChecked() {
    try (Sequential a = model(1)) {
      a.compile("binary_crossentropy", new RMSprop(a.graph(), 0.1f));
      assertThrows(IllegalArgumentException.class, () -> a.setTrainCounter(-1));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> a.fit(null, 2, 3, 0, List.of(), null));
      assertEquals("initial_epoch must be in [0, epochs=2], got 3", e.getMessage());
    }
  }
}
