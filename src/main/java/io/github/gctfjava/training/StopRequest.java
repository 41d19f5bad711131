package io.github.gctfjava.training;

/**
 * A request to stop training, as Python's KeyboardInterrupt is one: set from outside (a signal
 * handler), honoured by {@link Model#fit} between steps, which then throws {@link
 * TrainingStoppedException} so that every session, graph and pipeline is closed by the callers'
 * try-with-resources while no TF op runs, instead of the JVM exiting under TF's running threads.
 */
public final class StopRequest {
  private static volatile String reason;

  private StopRequest() {}

  /**
   * Asks the running (or next) fit to stop at its next step; {@code why} names the cause, e.g.
   * SIGTERM.
   */
  public static void request(String why) {
    reason = why;
  }

  public static boolean isRequested() {
    return reason != null;
  }

  /** Throws if a stop was requested; fit calls it before every step. */
  static void throwIfRequested() {
    String why = reason;
    if (why != null) {
      throw new TrainingStoppedException(why);
    }
  }
}
