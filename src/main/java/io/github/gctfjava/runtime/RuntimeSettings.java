package io.github.gctfjava.runtime;

/**
 * What TF runs on in this process.
 *
 * @param cpu the CPU and the features that decide TF's kernels
 * @param oneDnn whether TF's oneDNN kernels are on
 * @param oneDnnSource why: the environment, gc-tfjava, or TF's default for the CPU
 */
public record RuntimeSettings(CpuFeatures cpu, boolean oneDnn, String oneDnnSource) {

  /** One line for a log or a report. */
  public String describe() {
    return "CPU "
        + cpu.describe()
        + "; oneDNN "
        + (oneDnn ? "on" : "off")
        + " ("
        + oneDnnSource
        + ")";
  }
}
