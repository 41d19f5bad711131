package io.github.gctfjava.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time from the JVM's management beans: the whole process's (every thread, TF's native pools
 * included) and the calling thread's (the one that runs the training loop).
 */
record CpuClock(double processSeconds, double threadSeconds) {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Now; NaN for a clock the JVM does not offer. */
  static CpuClock now() {
    long process = OS.getProcessCpuTime();
    long thread =
        THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    return new CpuClock(
        process < 0 ? Double.NaN : process / 1e9, thread < 0 ? Double.NaN : thread / 1e9);
  }

  /** The CPU seconds spent since {@code earlier}. */
  CpuClock since(CpuClock earlier) {
    return new CpuClock(
        processSeconds - earlier.processSeconds, threadSeconds - earlier.threadSeconds);
  }
}
