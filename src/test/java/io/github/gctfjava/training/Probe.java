package io.github.gctfjava.training;

import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.data.UniformSplits;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.layers.MaxPooling2D;
import io.github.gctfjava.optimizers.RMSprop;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A model whose output is computed by hand: MaxPooling2D(300) over a one-colour image gives its
 * three rescaled channel values, then [Dropout(0.5)] and Dense(1, sigmoid) with weights set by the
 * test. Five images in batches of 2 (2, 2 and a partial 1).
 */
final class Probe {
  /** The colours of the five images and their labels. */
  static final int[][] RGB = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {51, 102, 204}, {0, 0, 0}};

  static final long[] LABELS = {1, 1, 0, 1, 0};
  static final int BATCH = 2;

  /** The Dense kernel and bias the tests set. */
  static final float[] KERNEL = {2f, -1f, 0.5f};

  static final float BIAS = -0.3f;

  /** The pipeline's Rescaling(1/255), as the graph computes it in float32. */
  private static final float SCALE = (float) (1.0 / 255);

  private Probe() {}

  static ImageSplit split() {
    return UniformSplits.of(RGB, LABELS);
  }

  /** The held-out batches: no shuffle, no augmentation, batches of {@code batchSize}. */
  static Pipeline validation(ImageSplit split, int batchSize) {
    return Pipeline.prepare(
        split, false, null, Pipeline.Options.defaults(0).withBatchSize(batchSize));
  }

  /** MaxPooling2D(300) -> Flatten -> [Dropout(0.5)] -> Dense(1, sigmoid), compiled with RMSprop. */
  static Sequential model(boolean dropout, float learningRate, long seed) {
    List<Layer> layers = new ArrayList<>(List.of(new MaxPooling2D(300), new Flatten()));
    if (dropout) {
      layers.add(new Dropout(0.5));
    }
    layers.add(new Dense(1, "sigmoid"));
    Sequential model = new Sequential("probe", Shape.of(300, 300, 3), layers);
    model.setSeed(seed);
    model.compile("binary_crossentropy", new RMSprop(model.graph(), learningRate), "accuracy");
    return model;
  }

  /** {@link #model} with the hand-set {@link #KERNEL} and {@link #BIAS}. */
  static Sequential handSet(boolean dropout, float learningRate, long seed) {
    Sequential model = model(dropout, learningRate, seed);
    setWeights(model, KERNEL, BIAS);
    return model;
  }

  static void setWeights(Model model, float[] kernel, float bias) {
    try (TFloat32 k = TFloat32.tensorOf(Shape.of(3, 1), DataBuffers.of(kernel));
        TFloat32 b = TFloat32.vectorOf(bias)) {
      model.setWeights(List.of(k, b));
    }
  }

  /** The model's Dense kernel (3 values) and bias, read back. */
  static float[] weights(Model model) {
    try (Result result = model.getWeights()) {
      TFloat32 kernel = (TFloat32) result.get(0);
      TFloat32 bias = (TFloat32) result.get(1);
      return new float[] {
        kernel.getFloat(0, 0), kernel.getFloat(1, 0), kernel.getFloat(2, 0), bias.getFloat(0)
      };
    }
  }

  /** The logit of image {@code i}: kernel . (rgb / 255) + bias. */
  static double logit(int i, float[] kernel, float bias) {
    double z = bias;
    for (int c = 0; c < 3; c++) {
      z += kernel[c] * (double) (RGB[i][c] * SCALE);
    }
    return z;
  }

  /** -[y log p + (1 - y) log(1 - p)], p = sigmoid(z). */
  static double crossEntropy(long y, double z) {
    double p = 1 / (1 + Math.exp(-z));
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }

  /** Whether p = sigmoid(z) > 0.5 predicts label y. */
  static boolean correct(long y, double z) {
    return (z > 0 ? 1 : 0) == y;
  }

  /** The mean cross-entropy and accuracy over all five images, with the given weights. */
  static double[] expected(float[] kernel, float bias) {
    double loss = 0;
    double right = 0;
    for (int i = 0; i < RGB.length; i++) {
      double z = logit(i, kernel, bias);
      loss += crossEntropy(LABELS[i], z);
      right += correct(LABELS[i], z) ? 1 : 0;
    }
    return new double[] {loss / RGB.length, right / RGB.length};
  }
}
