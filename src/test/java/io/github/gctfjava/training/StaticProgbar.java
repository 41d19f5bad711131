package io.github.gctfjava.training;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Runs code with Keras's static progress bar ({@code progbar.dynamic=false}: one finished line per
 * epoch, as in a log file) and captures what it prints, restoring the property afterwards.
 */
final class StaticProgbar {
  private static final String PROPERTY = "progbar.dynamic";

  /** What {@code body} returned and printed, line by line. */
  record Printed<T>(T value, List<String> lines) {}

  private StaticProgbar() {}

  static <T> Printed<T> capture(Function<PrintStream, T> body) {
    String previous = System.getProperty(PROPERTY);
    System.setProperty(PROPERTY, "false");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    T value;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      value = body.apply(out);
    } finally {
      if (previous == null) {
        System.clearProperty(PROPERTY);
      } else {
        System.setProperty(PROPERTY, previous);
      }
    }
    return new Printed<>(value, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
