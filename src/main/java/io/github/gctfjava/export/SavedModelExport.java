package io.github.gctfjava.export;

import io.github.gctfjava.data.ImageDecoder;
import io.github.gctfjava.layers.CallContext;
import io.github.gctfjava.layers.Rescaling;
import io.github.gctfjava.training.Sequential;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.MapDefun;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * A trained model as a TF SavedModel (tag {@code serve}) for TF Serving, Python and TF Java.
 *
 * <p>The exported graph is a fresh copy of the architecture that was never compiled: its weights,
 * set to the trained values, and two inference calls (dropout off), so no optimizer state, loss,
 * gradient or input pipeline is in it. Its signatures:
 *
 * <ul>
 *   <li>{@value #SERVING_DEFAULT}: {@value #IMAGES} float32 {@code [-1, 300, 300, 3]}, pixels in
 *       [0, 1] (what the model gets after the example's {@code Rescaling(1/255)}) → {@value
 *       #PROBABILITY} float32 {@code [-1, 1]}, the probability of "humans" (label 1);
 *   <li>{@value #SERVING_BYTES}: {@value #IMAGE_BYTES} string {@code [-1]}, encoded PNG, JPEG, GIF
 *       or BMP files → the same {@value #PROBABILITY}. Each image is decoded to RGB (alpha dropped,
 *       grey repeated, as the data loader does), resized bilinearly to 300x300 when it has another
 *       size and rounded back to whole pixel values (as the loader's resize option), then rescaled.
 * </ul>
 *
 * <p>The folder is written atomically: it appears complete or not at all.
 */
public final class SavedModelExport {
  public static final String SERVING_DEFAULT = Signature.DEFAULT_KEY;
  public static final String SERVING_BYTES = "serving_bytes";
  public static final String IMAGES = "images";
  public static final String IMAGE_BYTES = "image_bytes";
  public static final String PROBABILITY = "probability";

  /** TF Serving's Predict API method, the one its REST {@code :predict} and gRPC Predict use. */
  private static final String PREDICT_METHOD = "tensorflow/serving/predict";

  /** The example's {@code Rescaling(1.0 / 255)}, as the input pipeline applies it. */
  private static final Rescaling RESCALE = new Rescaling(1.0 / 255);

  private SavedModelExport() {}

  /**
   * Exports {@code trained}'s current weights into {@code dir}.
   *
   * @param architecture makes a fresh, uncompiled model of the same layers (e.g. {@code
   *     Cnn::create})
   */
  public static void export(Sequential trained, Supplier<Sequential> architecture, Path dir) {
    try (Sequential serving = architecture.get();
        Result weights = trained.getWeights()) {
      serving.setWeights(IntStream.range(0, weights.size()).mapToObj(weights::get).toList());
      write(serving, dir);
    }
  }

  /** Exports the weights of a checkpoint into {@code dir} (its optimizer slots are left out). */
  public static void export(Checkpoint checkpoint, Supplier<Sequential> architecture, Path dir) {
    try (Sequential serving = architecture.get()) {
      serving.loadWeights(checkpoint.variablesPrefix());
      write(serving, dir);
    }
  }

  private static void write(Sequential serving, Path dir) {
    Shape batchShape = serving.batchInputShape();
    Ops tf = Ops.create(serving.graph());
    try (ConcreteFunction decode = decodeFunction(batchShape.tail())) {
      Ops floats = tf.withSubScope(SERVING_DEFAULT);
      Placeholder<TFloat32> images =
          floats.withName(IMAGES).placeholder(TFloat32.class, Placeholder.shape(batchShape));
      Operand<TFloat32> probability = serving.call(floats, images, CallContext.inference());

      Ops bytes = tf.withSubScope(SERVING_BYTES);
      Placeholder<TString> encoded =
          bytes.withName(IMAGE_BYTES).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      // MapDefun applies the decoding to each string of the batch (images may differ in size).
      MapDefun decoded =
          bytes.mapDefun(
              List.of(encoded),
              List.of(),
              List.of(TFloat32.class),
              List.of(batchShape.tail()),
              decode);
      Operand<TFloat32> pixels = decoded.output().get(0).expect(TFloat32.class);
      Operand<TFloat32> rescaled = RESCALE.apply(bytes, pixels, CallContext.inference());
      Operand<TFloat32> bytesProbability = serving.call(bytes, rescaled, CallContext.inference());

      List<Signature> signatures =
          List.of(
              Signature.builder(SERVING_DEFAULT)
                  .methodName(PREDICT_METHOD)
                  .input(IMAGES, images)
                  .output(PROBABILITY, probability)
                  .build(),
              Signature.builder(SERVING_BYTES)
                  .methodName(PREDICT_METHOD)
                  .input(IMAGE_BYTES, encoded)
                  .output(PROBABILITY, bytesProbability)
                  .build());
      AtomicFiles.writeDirectory(dir, temporary -> serving.save(temporary, signatures));
    }
  }

  /** One encoded image (string scalar) to {@code imageShape} float pixels in [0, 255]. */
  private static ConcreteFunction decodeFunction(Shape imageShape) {
    return ConcreteFunction.create(
        tf -> {
          Placeholder<TString> encoded =
              tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
          Operand<TFloat32> pixels = ImageDecoder.decodeResized(tf, encoded, imageShape);
          return Signature.builder()
              .input("encoded", encoded)
              .output("pixels", tf.ensureShape(pixels, imageShape))
              .build();
        });
  }
}
