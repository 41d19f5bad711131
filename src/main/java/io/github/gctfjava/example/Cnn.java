package io.github.gctfjava.example;

import io.github.gctfjava.layers.Conv2D;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.layers.MaxPooling2D;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.training.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/** The {@code model = tf.keras.Sequential([...])} of keras.io's gradient_centralization.py. */
public final class Cnn {
  private Cnn() {}

  /**
   * Each training batch runs as this many micro-batches ({@link Sequential#setMicroBatches}): the
   * same update, and half the activations held for the backward pass (docs/performance.md).
   */
  public static final int MICRO_BATCHES = 2;

  /**
   * The model, layer for layer as in the Python. It is the session's second Sequential (the
   * augmentation pipeline is the first), hence Keras's name {@code sequential_1}. Python's {@code
   * MaxPooling2D(2, 2)} is pool 2 with strides 2, which are the default strides.
   */
  public static Sequential create() {
    return create(Policy.FLOAT32);
  }

  /**
   * The model under a dtype policy, as Keras builds it after {@code
   * mixed_precision.set_global_policy(policy)}: every layer computes in the policy's dtype but the
   * output layer, which stays float32 as Keras's mixed precision guide has it, so the sigmoid and
   * the loss are float32.
   */
  public static Sequential create(Policy policy) {
    return create(policy, Dropout.Mask.BITS);
  }

  /** The model with its dropout masks drawn as {@code mask} says (a lever of {@code bench}). */
  public static Sequential create(Policy policy, Dropout.Mask mask) {
    List<Layer> layers =
        List.of(
            new Conv2D(16, new int[] {3, 3}, "relu"),
            new MaxPooling2D(2),
            new Conv2D(32, new int[] {3, 3}, "relu"),
            new Dropout(0.5, mask),
            new MaxPooling2D(2),
            new Conv2D(64, new int[] {3, 3}, "relu"),
            new Dropout(0.5, mask),
            new MaxPooling2D(2),
            new Conv2D(64, new int[] {3, 3}, "relu"),
            new MaxPooling2D(2),
            new Conv2D(64, new int[] {3, 3}, "relu"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dropout(0.5, mask),
            new Dense(512, "relu"));
    layers.forEach(layer -> layer.setDtypePolicy(policy));
    List<Layer> all = new ArrayList<>(layers);
    all.add(new Dense(1, "sigmoid"));
    Sequential model = new Sequential("sequential_1", Shape.of(300, 300, 3), all);
    model.setMicroBatches(MICRO_BATCHES);
    return model;
  }
}
