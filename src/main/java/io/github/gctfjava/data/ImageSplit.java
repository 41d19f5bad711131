package io.github.gctfjava.data;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * One split, decoded: {@code images} uint8 {@code [N, 300, 300, 3]}, {@code labels} int64 {@code
 * [N]} (0 = horses, 1 = humans), and each example's file name relative to the split, in TFDS's
 * example order (see {@link HorsesOrHumans}). Owns its tensors.
 */
public final class ImageSplit implements AutoCloseable {
  private final String name;
  private final TUint8 images;
  private final TInt64 labels;
  private final long[] labelValues;
  private final List<String> fileNames;
  private final boolean owned;

  ImageSplit(String name, TUint8 images, long[] labelValues, List<String> fileNames) {
    this.name = name;
    this.images = images;
    this.labelValues = labelValues.clone();
    this.labels = TInt64.vectorOf(labelValues);
    this.fileNames = List.copyOf(fileNames);
    this.owned = true;
  }

  /** {@code whole}'s tensors under a handle whose {@link #close} leaves them open. */
  private ImageSplit(ImageSplit whole) {
    this.name = whole.name;
    this.images = whole.images;
    this.labelValues = whole.labelValues;
    this.labels = whole.labels;
    this.fileNames = whole.fileNames;
    this.owned = false;
  }

  /** {@code train} or {@code test}. */
  public String name() {
    return name;
  }

  public int size() {
    return fileNames.size();
  }

  public TUint8 images() {
    return images;
  }

  public TInt64 labels() {
    return labels;
  }

  /** Names relative to the split, e.g. {@code horses/horse01-0.png}. */
  public List<String> fileNames() {
    return fileNames;
  }

  /** How many examples carry {@code label}. */
  public long count(int label) {
    return Arrays.stream(labelValues).filter(l -> l == label).count();
  }

  /**
   * The first {@code n} examples (all when {@code n >= size()}), as {@code ds.take(n)}, in a new
   * split with its own tensors: this one can be closed independently.
   */
  public ImageSplit take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    int k = Math.min(n, size());
    TUint8 firstImages =
        TUint8.tensorOf(
            images.shape().tail().prepend(k),
            copy -> images.slice(Indices.range(0, k)).copyTo(copy));
    return new ImageSplit(
        name, firstImages, Arrays.copyOf(labelValues, k), fileNames.subList(0, k));
  }

  /** The examples at {@code indices}, in that order, in a new split with its own tensors. */
  ImageSplit select(int[] indices) {
    TUint8 selected =
        TUint8.tensorOf(
            images.shape().tail().prepend(indices.length),
            copy -> {
              for (int i = 0; i < indices.length; i++) {
                images.get(indices[i]).copyTo(copy.get(i));
              }
            });
    long[] selectedLabels = Arrays.stream(indices).mapToLong(i -> labelValues[i]).toArray();
    List<String> selectedNames = Arrays.stream(indices).mapToObj(fileNames::get).toList();
    return new ImageSplit(name, selected, selectedLabels, selectedNames);
  }

  /** The label of example {@code i}. */
  long label(int i) {
    return labelValues[i];
  }

  /**
   * The first {@code limit} examples, as {@link #take}, or all of them when {@code limit} is null
   * (a command's {@code --limit} not given). Either way the caller closes the result, which never
   * closes this split: without a limit it is this split's tensors under a handle that leaves them
   * open, so no copy is made.
   */
  public ImageSplit first(Integer limit) {
    return limit == null ? new ImageSplit(this) : take(limit);
  }

  @Override
  public void close() {
    if (owned) {
      images.close();
      labels.close();
    }
  }
}
