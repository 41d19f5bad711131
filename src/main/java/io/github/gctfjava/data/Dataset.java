package io.github.gctfjava.data;

import java.util.Iterator;

/**
 * What {@code fit} and {@code evaluate} read, as Keras's data adapter reads a {@code tf.data}
 * dataset: a known number of batches an epoch, epoch after epoch. {@link Pipeline} is the one the
 * example uses; a test can hand the engine any other source of batches.
 */
public interface Dataset {

  /** Batches an epoch (Keras's {@code steps_per_epoch}). */
  int steps();

  /**
   * Epochs {@code from} to {@code to - 1} (0-based), one after another: each an iterator over its
   * batches, each batch to be closed by the reader.
   */
  Iterator<Iterator<Batch>> epochs(long from, long to);

  /** Epoch {@code epoch} (0-based) alone. */
  default Iterator<Batch> epoch(long epoch) {
    return epochs(epoch, epoch + 1).next();
  }
}
