package io.github.gctfjava.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** A model's weights as float arrays, in {@code getWeights} order, for comparing two models. */
final class WeightValues {
  private WeightValues() {}

  static List<float[]> of(Model model) {
    List<float[]> weights = new ArrayList<>();
    try (Result result = model.getWeights()) {
      for (Map.Entry<String, Tensor> entry : result) {
        TFloat32 t = (TFloat32) entry.getValue();
        float[] values = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(values, false, false));
        weights.add(values);
      }
    }
    return weights;
  }
}
