package io.github.gctfjava.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * What a call needs besides its inputs: Keras's {@code training} flag and where random layers take
 * their randomness from.
 *
 * <p>Random layers draw with TF's stateless random ops, keyed by {@code [seed mixed with the
 * layer's salt, counter]}: {@code counter} is a graph scalar that changes with every batch (the
 * batch index in a tf.data pipeline, the step in training). The same seed therefore gives the same
 * draws in any run, also when tf.data maps batches in parallel, and every batch and layer gets
 * fresh ones.
 *
 * @param training whether the call is for training (dropout and augmentation active)
 * @param seed the run's seed
 * @param counter int64 scalar in the calling graph that differs between calls; may be null when
 *     {@code training} is false
 */
public record CallContext(boolean training, long seed, Operand<TInt64> counter) {

  /** A context for inference: random layers are the identity. */
  public static CallContext inference() {
    return new CallContext(false, 0L, null);
  }

  /** A context for training, drawing from {@code seed} and the graph scalar {@code counter}. */
  public static CallContext training(long seed, Operand<TInt64> counter) {
    return new CallContext(true, seed, counter);
  }

  /**
   * The int64 {@code [2]} key for a stateless random op of one layer.
   *
   * @param salt distinguishes the layers that draw within one call (a model gives each its index)
   */
  public Operand<TInt64> statelessSeed(Ops tf, long salt) {
    if (counter == null) {
      throw new IllegalStateException("a training call needs a counter for its random draws");
    }
    long key = mix(seed ^ mix(salt + 1));
    return tf.stack(java.util.List.of(tf.constant(key), counter));
  }

  /**
   * The context of micro-batch {@code index} of a training step: the first draws as the step would,
   * each other from a seed of its own, so no two micro-batches share a dropout mask.
   */
  public CallContext microBatch(int index) {
    return index == 0 ? this : new CallContext(training, mix(seed ^ mix(-index)), counter);
  }

  /** SplitMix64's finaliser: nearby seeds and salts give unrelated keys. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
