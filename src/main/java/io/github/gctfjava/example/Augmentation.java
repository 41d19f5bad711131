package io.github.gctfjava.example;

import io.github.gctfjava.layers.RandomFlip;
import io.github.gctfjava.layers.RandomRotation;
import io.github.gctfjava.layers.RandomZoom;
import io.github.gctfjava.training.Sequential;

/** The example's {@code data_augmentation} model. */
public final class Augmentation {
  private Augmentation() {}

  /**
   * As in Python: {@code tf.keras.Sequential([layers.RandomFlip("horizontal_and_vertical"),
   * layers.RandomRotation(0.3), layers.RandomZoom(0.2)])}, with the three applied as one resampling
   * ({@link Sequential#setFuseTransforms}): the augmentation competes with training for the same
   * cores, and one resampling costs much less than three (docs/performance.md).
   */
  public static Sequential create() {
    return create(true);
  }

  /**
   * @param fuseTransforms false for Keras's two separate resamplings, true for one
   */
  public static Sequential create(boolean fuseTransforms) {
    return new Sequential(
            new RandomFlip("horizontal_and_vertical"), new RandomRotation(0.3), new RandomZoom(0.2))
        .setFuseTransforms(fuseTransforms);
  }
}
