package io.github.gctfjava.data;

import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * One batch of a {@link Pipeline}: images float32 (n, 300, 300, 3) in [0, 1] and labels int64 (n).
 */
public final class Batch implements AutoCloseable {
  private final Result result;

  Batch(Result result) {
    this.result = result;
  }

  public TFloat32 images() {
    return (TFloat32) result.get(0);
  }

  public TInt64 labels() {
    return (TInt64) result.get(1);
  }

  /** The number of examples in this batch (the last one of an epoch may be smaller). */
  public int size() {
    return (int) labels().shape().get(0);
  }

  @Override
  public void close() {
    result.close();
  }
}
