package io.github.gctfjava.utils;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras's {@code tf.keras.utils.Progbar} (TF 2.5), verbose=1: {@code 9/9 [=====...] - 6s 660ms/step
 * - loss: 0.6616 - accuracy: 0.6144}.
 *
 * <p>On a terminal or notebook ({@code dynamic}) the bar is redrawn in place with {@code \r}; on a
 * pipe or log file only the final line is written, so logs hold one line per bar.
 */
public final class Progbar {
  private static final int WIDTH = 30;
  private static final double INTERVAL_SECONDS = 0.05;

  private final long target;
  private final String unitName;
  private final PrintStream out;
  private final boolean dynamic;
  private final LongSupplier nanoClock;
  private final long start;
  private long timeAfterFirstStep = -1;
  private long lastUpdate;
  private int totalWidth;

  public Progbar(long target, String unitName, PrintStream out, boolean dynamic) {
    this(target, unitName, out, dynamic, System::nanoTime);
  }

  /** As above, with the clock given (tests). */
  public Progbar(
      long target, String unitName, PrintStream out, boolean dynamic, LongSupplier nanoClock) {
    this.target = target;
    this.unitName = unitName;
    this.out = out;
    this.dynamic = dynamic;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /** Whether to redraw in place: a console, or a notebook kernel (set {@code progbar.dynamic}). */
  public static boolean dynamicDisplay() {
    String forced = System.getProperty("progbar.dynamic");
    return forced != null ? Boolean.parseBoolean(forced) : System.console() != null;
  }

  /** Shows progress {@code current} of the target, with the values to display (name to value). */
  public void update(long current, Map<String, Double> values) {
    long now = nanoClock.getAsLong();
    if (current == 1 && timeAfterFirstStep < 0) {
      timeAfterFirstStep = now;
    }
    boolean finalize = current >= target;
    if (!finalize && (!dynamic || (now - lastUpdate) / 1e9 < INTERVAL_SECONDS)) {
      return;
    }
    lastUpdate = now;
    String line = render(current, values, now, finalize);
    int previous = totalWidth;
    totalWidth = line.length();
    StringBuilder text = new StringBuilder();
    if (dynamic) {
      text.append('\r');
    }
    text.append(line);
    if (previous > line.length()) {
      text.append(" ".repeat(previous - line.length()));
    }
    if (finalize) {
      text.append('\n');
    }
    out.print(text);
    out.flush();
  }

  /** Shows progress without values. */
  public void update(long current) {
    update(current, Map.of());
  }

  String render(long current, Map<String, Double> values, long now, boolean finalize) {
    int digits = (int) Math.log10(Math.max(1, target)) + 1;
    StringBuilder bar =
        new StringBuilder(String.format(Locale.ROOT, "%" + digits + "d/%d [", current, target));
    int progWidth = (int) (WIDTH * ((double) current / target));
    if (progWidth > 0) {
      bar.append("=".repeat(progWidth - 1)).append(current < target ? '>' : '=');
    }
    bar.append(".".repeat(Math.max(0, WIDTH - progWidth))).append(']');
    double perUnit = secondsPerUnit(current, now);
    StringBuilder info = new StringBuilder();
    if (finalize) {
      info.append(String.format(Locale.ROOT, " - %.0fs", (now - start) / 1e9));
      if (perUnit >= 1 || perUnit == 0) {
        info.append(String.format(Locale.ROOT, " %.0fs/%s", perUnit, unitName));
      } else if (perUnit >= 1e-3) {
        info.append(String.format(Locale.ROOT, " %.0fms/%s", perUnit * 1e3, unitName));
      } else {
        info.append(String.format(Locale.ROOT, " %.0fus/%s", perUnit * 1e6, unitName));
      }
    } else {
      info.append(" - ETA: ").append(eta(perUnit * (target - current)));
    }
    for (Map.Entry<String, Double> e : new LinkedHashMap<>(values).entrySet()) {
      double v = e.getValue();
      info.append(" - ")
          .append(e.getKey())
          .append(':')
          .append(String.format(Locale.ROOT, Math.abs(v) > 1e-3 ? " %.4f" : " %.4e", v));
    }
    return bar.append(info).toString();
  }

  private double secondsPerUnit(long current, long now) {
    if (current <= 0) {
      return 0;
    }
    if (timeAfterFirstStep >= 0 && current > 1) {
      return (now - timeAfterFirstStep) / 1e9 / (current - 1);
    }
    return (now - start) / 1e9 / current;
  }

  private static String eta(double seconds) {
    long s = (long) seconds;
    if (seconds > 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
    if (seconds > 60) {
      return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
    return s + "s";
  }
}
