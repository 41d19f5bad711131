package io.github.gctfjava.benchmarks;

import java.util.List;

/**
 * What one child measured, as it prints it for the parent.
 *
 * @param configuration the {@link Configuration#id()} it ran for
 * @param settings what was in force in the child, as TF reads it
 * @param ceilingGflops the median GFLOP/s of a large matmul ({@link ComputeCeiling})
 * @param trainingGflopPerImage one image's training FLOPs ({@link FlopCount}), in GFLOP
 * @param synthetic one entry per optimizer measured on synthetic batches; empty when skipped
 * @param endToEnd the epochs through the real pipeline, or null when skipped
 * @param peakRssMib the child's peak resident set size ({@link PeakRss})
 * @param trace one synthetic step of the last synthetic optimizer, op by op, or null when not asked
 *     for
 */
public record ChildReport(
    String configuration,
    Settings settings,
    double ceilingGflops,
    double trainingGflopPerImage,
    List<Steps> synthetic,
    Epochs endToEnd,
    double peakRssMib,
    StepTrace trace) {

  public ChildReport {
    synthetic = List.copyOf(synthetic);
  }

  /**
   * @param oneDnn whether TF's oneDNN kernels are on: TF's reading of {@code TF_ENABLE_ONEDNN_OPTS}
   *     at load, or its default for the CPU
   * @param oneDnnSource why (the environment, gc-tfjava, or TF's default)
   * @param allocator {@code TF_CPU_ALLOCATOR_USE_BFC} and {@code TF_ONEDNN_USE_SYSTEM_ALLOCATOR} as
   *     the child saw them ("unset" where absent)
   * @param intraOpThreads TF's intra-op pool size in force
   * @param interOpThreads TF's inter-op pool size in force
   * @param cpu the CPU and the features that decide TF's kernels
   */
  public record Settings(
      boolean oneDnn,
      String oneDnnSource,
      String allocator,
      int intraOpThreads,
      int interOpThreads,
      String cpu) {
    /** {@code oneDNN on, allocator unset, threads 2/2}. */
    public String describe() {
      return "oneDNN "
          + (oneDnn ? "on" : "off")
          + ", BFC "
          + allocator
          + ", threads "
          + intraOpThreads
          + "/"
          + interOpThreads;
    }
  }

  /**
   * Timed training steps on one fixed synthetic batch: the model's compute alone.
   *
   * @param optimizer its name, e.g. {@code gc-rmsprop}
   * @param stepMs each measured step's wall-clock milliseconds, in order
   * @param imagesPerSecond batch size over the median step
   */
  public record Steps(String optimizer, List<Double> stepMs, double imagesPerSecond) {
    public Steps {
      stepMs = List.copyOf(stepMs);
    }
  }

  /**
   * Epochs through {@code fit} with the real input pipeline and augmentation.
   *
   * @param optimizer its name
   * @param examples images an epoch
   * @param epochSeconds every epoch's wall-clock seconds, the first (warm-up) included
   * @param processCpuSeconds every epoch's CPU seconds of the whole process (TF's threads too)
   * @param callerCpuSeconds every epoch's CPU seconds of the thread that runs {@code fit}
   * @param imagesPerSecond examples over the mean of the epochs after the first
   */
  public record Epochs(
      String optimizer,
      int examples,
      List<Double> epochSeconds,
      List<Double> processCpuSeconds,
      List<Double> callerCpuSeconds,
      double imagesPerSecond) {
    public Epochs {
      epochSeconds = List.copyOf(epochSeconds);
      processCpuSeconds = List.copyOf(processCpuSeconds);
      callerCpuSeconds = List.copyOf(callerCpuSeconds);
    }
  }
}
