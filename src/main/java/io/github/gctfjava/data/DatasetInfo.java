package io.github.gctfjava.data;

import io.github.gctfjava.utils.PythonTuple;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * What {@code tfds.load(..., with_info=True)} tells the example: image shape, split sizes, label
 * names.
 *
 * @param source where the train split was read from (its folder or archive)
 * @param testExamples 0 when the test split is missing
 */
public record DatasetInfo(
    Shape imageShape, long trainExamples, long testExamples, List<String> labelNames, Path source) {

  public DatasetInfo {
    labelNames = List.copyOf(labelNames);
  }

  /**
   * The lines the Keras example prints: {@code Image shape: (300, 300, 3)}, then the split sizes.
   */
  public List<String> exampleLines() {
    return List.of(
        "Image shape: " + PythonTuple.of(imageShape),
        "Training images: " + trainExamples,
        "Test images: " + testExamples);
  }
}
