package io.github.gctfjava.benchmarks;

import io.github.gctfjava.optimizers.OptimizerConfig;
import java.util.List;

/**
 * What one child measures, as the parent sends it.
 *
 * @param configuration the {@link Configuration#id()} of the row it runs for
 * @param batchSize examples per training step
 * @param warmup synthetic steps left out before the measured ones
 * @param steps measured synthetic steps per optimizer
 * @param epochs epochs through the real pipeline; the first is warm-up
 * @param intraOp TF intra-op threads, 0 for TF's default
 * @param interOp TF inter-op threads, 0 for TF's default
 * @param matmulSize side of the square matmul that measures the compute ceiling
 * @param seed weights, shuffling, augmentation and dropout
 * @param synthetic optimizers whose synthetic steps alternate, step by step; empty for none
 * @param endToEnd the optimizer trained through the real pipeline with augmentation, or null
 * @param data the data folder for the end-to-end run, or null to skip it
 * @param limit only the first {@code limit} training images, or null for all
 * @param resize resize images that are not 300x300
 * @param trace also trace one synthetic step of the last synthetic optimizer, op by op
 */
public record BenchPlan(
    String configuration,
    int batchSize,
    int warmup,
    int steps,
    int epochs,
    int intraOp,
    int interOp,
    int matmulSize,
    long seed,
    List<OptimizerConfig> synthetic,
    OptimizerConfig endToEnd,
    String data,
    Integer limit,
    boolean resize,
    boolean trace) {

  public BenchPlan {
    synthetic = List.copyOf(synthetic);
    if (batchSize < 1 || steps < 1 || warmup < 0 || epochs < 2 || matmulSize < 1) {
      throw new IllegalArgumentException(
          "need batch size >= 1, steps >= 1, warmup >= 0, epochs >= 2 (the first is warm-up) and"
              + " matmul size >= 1, got batch size "
              + batchSize
              + ", steps "
              + steps
              + ", warmup "
              + warmup
              + ", epochs "
              + epochs
              + ", matmul size "
              + matmulSize);
    }
    if (intraOp < 0 || interOp < 0) {
      throw new IllegalArgumentException(
          "thread counts must be >= 0 (0: TF's default), got intra-op "
              + intraOp
              + ", inter-op "
              + interOp);
    }
    if (trace && synthetic.isEmpty()) {
      throw new IllegalArgumentException(
          "the step trace is of a synthetic step, and the plan has no synthetic optimizers");
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /** The same plan for another row. */
  public BenchPlan withConfiguration(String id) {
    return new BenchPlan(
        id,
        batchSize,
        warmup,
        steps,
        epochs,
        intraOp,
        interOp,
        matmulSize,
        seed,
        synthetic,
        endToEnd,
        data,
        limit,
        resize,
        trace);
  }
}
