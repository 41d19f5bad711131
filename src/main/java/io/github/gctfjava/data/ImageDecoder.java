package io.github.gctfjava.data;

import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.data.DatasetToSingleElement;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Decodes a split in TF, as TFDS's {@code Image} feature does ({@code tf.image.decode_image(...,
 * channels=3)}): one tf.data graph, {@code tensor_slices(encoded).map(decode,
 * num_parallel_calls=cores, deterministic).batch(N)}, whose single element is the split's {@code
 * uint8 [N, 300, 300, 3]} tensor.
 *
 * <p>{@code channels=3} drops an alpha channel (no compositing), repeats grey into R, G and B,
 * expands palettes, and keeps the high byte of 16-bit samples (TF's {@code png_io.cc} strips the
 * low 8 bits: {@code 0x12FF} becomes {@code 0x12}).
 *
 * <p>When the batch fails, the images are decoded again one by one to name the culprit; that only
 * happens on the error path.
 */
public final class ImageDecoder {
  private static final long HEIGHT = HorsesOrHumans.IMAGE_SHAPE.get(0);
  private static final long WIDTH = HorsesOrHumans.IMAGE_SHAPE.get(1);

  private ImageDecoder() {}

  /**
   * The split's images. Without {@code resize} an image that is not 300x300 is an error; with it,
   * such an image is scaled as {@code tf.image.resize(image, (300, 300))} does (bilinear,
   * half-pixel centres, no antialiasing), then rounded half-to-even back to uint8. A 300x300 image
   * passes through that resize unchanged, bit for bit.
   */
  static TUint8 decode(EncodedSplit split, boolean resize) {
    int n = split.size();
    Shape batchShape = HorsesOrHumans.IMAGE_SHAPE.prepend(n);
    byte[][] contents = split.contents().toArray(byte[][]::new);
    try (TString encoded = TString.tensorOfBytes(NdArrays.vectorOfObjects(contents));
        ConcreteFunction decodeOne = ConcreteFunction.create(tf -> decodeSignature(tf, resize));
        Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> input = tf.placeholder(TString.class, Placeholder.shape(Shape.of(n)));
      List<Class<? extends TType>> types = List.of(TUint8.class);
      Operand<?> images =
          tf.data.parallelMapDataset(
              tf.data.tensorSliceDataset(List.of(input), List.of(Shape.scalar())),
              List.of(),
              tf.constant((long) Runtime.getRuntime().availableProcessors()),
              decodeOne,
              types,
              List.of(HorsesOrHumans.IMAGE_SHAPE),
              ParallelMapDataset.deterministic("true"));
      Operand<?> batch =
          tf.data.batchDataset(
              images, tf.constant((long) n), tf.constant(true), types, List.of(batchShape));
      DatasetToSingleElement single =
          tf.data.datasetToSingleElement(batch, types, List.of(batchShape));
      try (Session session = new Session(graph)) {
        // The Result holds only this tensor: ownership passes to the caller, so it is not closed
        // here.
        Result result =
            session.runner().feed(input, encoded).fetch(single.components().get(0)).run();
        return (TUint8) result.get(0);
      }
    } catch (TFInvalidArgumentException e) {
      throw culprit(split, resize, e);
    }
  }

  private static Signature decodeSignature(Ops tf, boolean resize) {
    Placeholder<TString> png = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TUint8> fixed =
        resize
            ? tf.dtypes.cast(decodeResized(tf, png, HorsesOrHumans.IMAGE_SHAPE), TUint8.class)
            : decodeRgb(tf, png, HorsesOrHumans.IMAGE_SHAPE.get(2));
    return Signature.builder()
        .input("png", png)
        .output("image", tf.ensureShape(fixed, HorsesOrHumans.IMAGE_SHAPE))
        .build();
  }

  /**
   * One encoded image (string scalar) decoded with {@code imageShape}'s channels and scaled to its
   * height and width as {@code tf.image.resize} does (bilinear, half-pixel centres, no
   * antialiasing), rounded half-to-even: float pixels in [0, 255]. At that size already, the resize
   * is the identity, bit for bit. The loader's resize option and the exported bytes signature both
   * decode this way, so they see the same pixels.
   */
  public static Operand<TFloat32> decodeResized(
      Ops tf, Operand<TString> encoded, Shape imageShape) {
    Operand<TFloat32> scaled =
        tf.image.resizeBilinear(
            tf.expandDims(decodeRgb(tf, encoded, imageShape.get(2)), tf.constant(0)),
            tf.constant(new int[] {(int) imageShape.get(0), (int) imageShape.get(1)}),
            ResizeBilinear.halfPixelCenters(true));
    return tf.math.round(tf.squeeze(scaled, Squeeze.axis(List.of(0L))));
  }

  private static DecodeImage<TUint8> decodeRgb(Ops tf, Operand<TString> encoded, long channels) {
    return tf.image.decodeImage(
        encoded, TUint8.class, DecodeImage.channels(channels), DecodeImage.expandAnimations(false));
  }

  /**
   * Decodes the images one at a time and names the first that cannot be decoded or has the wrong
   * size.
   */
  private static DatasetException culprit(
      EncodedSplit split, boolean resize, TFInvalidArgumentException batchError) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> png = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Operand<TInt32> shape = tf.shape(decodeRgb(tf, png, HorsesOrHumans.IMAGE_SHAPE.get(2)));
      try (Session session = new Session(graph)) {
        for (int i = 0; i < split.size(); i++) {
          try (TString one =
                  TString.tensorOfBytes(NdArrays.scalarOfObject(split.contents().get(i)));
              Result result = session.runner().feed(png, one).fetch(shape).run()) {
            TInt32 hwc = (TInt32) result.get(0);
            if (!resize && (hwc.getInt(0) != HEIGHT || hwc.getInt(1) != WIDTH)) {
              return new DatasetException(
                  split.path(i),
                  split.where(i)
                      + " has shape ("
                      + hwc.getInt(0)
                      + ", "
                      + hwc.getInt(1)
                      + ", 3), expected ("
                      + HEIGHT
                      + ", "
                      + WIDTH
                      + ", 3); the resize option scales it");
            }
          } catch (TFInvalidArgumentException e) {
            return new DatasetException(
                split.path(i), "Cannot decode " + split.where(i) + ": " + firstLine(e), e);
          }
        }
      }
    }
    return new DatasetException(
        split.source(),
        "Cannot decode the "
            + split.name()
            + " split from "
            + split.source()
            + ": "
            + firstLine(batchError),
        batchError);
  }

  private static String firstLine(TFInvalidArgumentException e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
  }
}
