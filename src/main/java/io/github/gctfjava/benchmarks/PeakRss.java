package io.github.gctfjava.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** This process's peak resident set size, from the kernel ({@code VmHWM}). */
final class PeakRss {
  private PeakRss() {}

  /** In MiB; NaN where {@code /proc/self/status} is absent (not Linux). */
  static double mib() {
    try {
      return parseMib(Files.readAllLines(Path.of("/proc/self/status")));
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** The {@code VmHWM: 123456 kB} line of a {@code /proc/<pid>/status} text, in MiB. */
  static double parseMib(List<String> status) {
    for (String line : status) {
      if (line.startsWith("VmHWM:")) {
        String[] fields = line.substring("VmHWM:".length()).trim().split("\\s+");
        return Long.parseLong(fields[0]) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
