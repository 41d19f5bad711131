package io.github.gctfjava.export;

import io.github.gctfjava.training.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * The trained weights of a SavedModel of {@link SavedModelExport}, read back into a model of the
 * same layers, so that it can be evaluated with its compiled loss and metrics exactly as {@code
 * fit} evaluated it (the SavedModel itself only gives probabilities).
 */
public final class SavedModelWeights {
  private SavedModelWeights() {}

  /**
   * Sets {@code model}'s weights from the variables of the same names in the SavedModel in {@code
   * dir}.
   *
   * @throws ExportException naming {@code dir} when it is not a SavedModel or lacks one of the
   *     weights
   */
  public static void restore(Path dir, Sequential model) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new ExportException(dir, "Not a SavedModel (no saved_model.pb): " + dir);
    }
    List<String> names = model.trainableWeights().stream().map(v -> v.op().name()).toList();
    try (SavedModelBundle bundle =
        SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
      Session.Runner runner = bundle.session().runner();
      names.forEach(runner::fetch);
      try (Result weights = runner.run()) {
        model.setWeights(IntStream.range(0, weights.size()).mapToObj(weights::get).toList());
      }
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new ExportException(
          dir,
          "Cannot read the weights "
              + names
              + " from SavedModel "
              + dir
              + ": "
              + RunFolder.firstLine(e),
          e);
    }
  }
}
