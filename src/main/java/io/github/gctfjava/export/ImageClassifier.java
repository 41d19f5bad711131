package io.github.gctfjava.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * An exported model loaded for prediction: {@code SavedModelBundle.load(dir, "serve")}, then image
 * files through its {@value SavedModelExport#SERVING_BYTES} signature, so decoding and resizing
 * happen in the model's own graph exactly as for any other client of the SavedModel.
 */
public final class ImageClassifier implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final SessionFunction classify;

  private ImageClassifier(SavedModelBundle bundle, SessionFunction classify) {
    this.bundle = bundle;
    this.classify = classify;
  }

  /**
   * Loads the SavedModel in {@code dir}.
   *
   * @throws ExportException when {@code dir} is not a SavedModel or lacks the bytes signature
   */
  public static ImageClassifier load(Path dir) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new ExportException(dir, "Not a SavedModel (no saved_model.pb): " + dir);
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
    } catch (TensorFlowException e) {
      throw new ExportException(
          dir, "Cannot load SavedModel " + dir + ": " + RunFolder.firstLine(e), e);
    }
    try {
      return new ImageClassifier(bundle, bundle.function(SavedModelExport.SERVING_BYTES));
    } catch (IllegalArgumentException e) {
      bundle.close();
      throw new ExportException(
          dir,
          "SavedModel "
              + dir
              + " has no signature '"
              + SavedModelExport.SERVING_BYTES
              + "'; it was not exported by this program");
    }
  }

  /**
   * The model's prediction for one image file (PNG, JPEG, GIF or BMP, any size).
   *
   * @throws ExportException naming the file when it is missing or not an image
   */
  public Prediction predict(Path file) {
    byte[] encoded = read(file);
    try (TString input = TString.tensorOfBytes(NdArrays.vectorOfObjects(encoded));
        Result result = classify.call(Map.of(SavedModelExport.IMAGE_BYTES, input))) {
      TFloat32 probability = (TFloat32) result.get(SavedModelExport.PROBABILITY).orElseThrow();
      return new Prediction(file.toString(), probability.getFloat(0, 0));
    } catch (TFInvalidArgumentException e) {
      throw new ExportException(
          file, "Cannot decode " + file + " as an image: " + RunFolder.firstLine(e), e);
    }
  }

  private static byte[] read(Path file) {
    if (Files.isDirectory(file)) {
      throw new ExportException(file, "Not an image file but a folder: " + file);
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ExportException(file, "No such file: " + file, e);
    } catch (IOException e) {
      throw new ExportException(file, "Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
