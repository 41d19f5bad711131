package io.github.gctfjava.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings that TF's native library reads from the process environment once, when it loads, set
 * before it loads.
 *
 * <p>TF 2.18 runs its oneDNN CPU kernels (convolutions, pooling and their gradients) by default
 * only on CPUs with VNNI, BF16 or AMX; elsewhere (AVX2-only CPUs such as AMD Zen 3) they run on
 * Eigen, about half as fast for this model, unless {@code TF_ENABLE_ONEDNN_OPTS=1}. TF reads that
 * variable with {@code getenv} while its library loads, so setting it afterwards changes nothing,
 * and Java's own {@code System.getenv} is a read-only copy: {@link #configure()} therefore sets it
 * in the C library's environment (JNA's {@code setenv}) before the first TF class loads the
 * library. A value the user set is kept.
 *
 * <p>The product's entry points (the CLI, {@code Model}, the data loader) call {@link #configure()}
 * themselves; a program that builds TF graphs of its own first calls it once before that.
 */
public final class TensorFlowRuntime {
  public static final String ONEDNN_VARIABLE = "TF_ENABLE_ONEDNN_OPTS";

  /**
   * With oneDNN on, TF's CPU tensors of 256 KiB and more come from a BFC pool that keeps every page
   * it ever touched and splits its chunks loosely; 1 serves them from malloc, as with oneDNN off.
   */
  public static final String SYSTEM_ALLOCATOR_VARIABLE = "TF_ONEDNN_USE_SYSTEM_ALLOCATOR";

  static final String LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";

  private static RuntimeSettings settings;

  private TensorFlowRuntime() {}

  /**
   * Turns oneDNN on for this process unless the environment says otherwise or TF is loaded already,
   * and logs once on stderr (unless {@code TF_CPP_MIN_LOG_LEVEL} hides INFO lines) which CPU
   * features TF sees and whether oneDNN is on. Idempotent: later calls return the first's settings.
   */
  public static synchronized RuntimeSettings configure() {
    if (settings == null) {
      Map<String, String> environment = System.getenv();
      Optional<Boolean> loaded = tensorFlowLoaded();
      settings = decide(environment, CpuFeatures.detect(), loaded, TensorFlowRuntime::setenv);
      String memory = describeMemory(environment);
      if (infoLogged(environment)) {
        System.err.println("gc-tfjava: " + settings.describe() + "; " + memory);
      }
      if (!environment.containsKey(LOG_LEVEL_VARIABLE) && !loaded.orElse(true)) {
        // TF's INFO lines (and TF Java's, one for every custom gradient it builds) would bury the
        // progress bar; warnings and errors still show, and a user's own level is kept.
        setenv(LOG_LEVEL_VARIABLE, "1");
      }
    }
    return settings;
  }

  /** What {@link #configure()} decides, apart from the process: testable with any inputs. */
  static RuntimeSettings decide(
      Map<String, String> environment,
      CpuFeatures cpu,
      Optional<Boolean> loaded,
      EnvironmentWriter writer) {
    String given = environment.get(ONEDNN_VARIABLE);
    if (given != null) {
      Optional<Boolean> value = parseBool(given);
      return new RuntimeSettings(
          cpu,
          value.orElse(cpu.oneDnnByDefault()),
          ONEDNN_VARIABLE
              + "="
              + given
              + " in the environment"
              + (value.isPresent()
                  ? ""
                  : ", which TF does not read as a boolean: TF's default for this CPU"));
    }
    if (loaded.orElse(false)) {
      return new RuntimeSettings(
          cpu,
          cpu.oneDnnByDefault(),
          "TF's default for this CPU: TF was loaded before TensorFlowRuntime.configure() could set "
              + ONEDNN_VARIABLE);
    }
    Optional<String> failure = writer.set(ONEDNN_VARIABLE, "1");
    if (failure.isPresent()) {
      return new RuntimeSettings(
          cpu,
          cpu.oneDnnByDefault(),
          "TF's default for this CPU: could not set "
              + ONEDNN_VARIABLE
              + " ("
              + failure.get()
              + ")");
    }
    return new RuntimeSettings(cpu, true, ONEDNN_VARIABLE + "=1 set by gc-tfjava before TF loaded");
  }

  /**
   * Which allocator oneDNN's tensors come from, for the log line. The product leaves TF's choice,
   * oneDNN's pool, which keeps the pages it touched: {@link #SYSTEM_ALLOCATOR_VARIABLE}{@code =1}
   * (malloc) lowers the peak resident size but faults big tensors in again at every step, which
   * measured about twice as slow a training step (docs/performance.md).
   */
  private static String describeMemory(Map<String, String> environment) {
    return environment.containsKey(SYSTEM_ALLOCATOR_VARIABLE)
        ? SYSTEM_ALLOCATOR_VARIABLE
            + "="
            + environment.get(SYSTEM_ALLOCATOR_VARIABLE)
            + " in the environment"
        : "oneDNN's allocator pool";
  }

  /** Sets a variable of the C library's environment; returns why it could not, if it could not. */
  @FunctionalInterface
  interface EnvironmentWriter {
    Optional<String> set(String name, String value);
  }

  /** {@code tensorflow::ReadBoolFromEnvVar}'s reading: 0/1/true/false, any case. */
  static Optional<Boolean> parseBool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "true" -> Optional.of(true);
      case "0", "false" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /** As TF's own INFO lines: shown unless {@code TF_CPP_MIN_LOG_LEVEL} is 1 or more. */
  static boolean infoLogged(Map<String, String> environment) {
    String level = environment.getOrDefault(LOG_LEVEL_VARIABLE, "0").trim();
    return level.isEmpty() || level.equals("0");
  }

  /** Whether TF's native library is mapped into this process; empty where that cannot be told. */
  static Optional<Boolean> tensorFlowLoaded() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(maps).contains("libtensorflow"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> setenv(String name, String value) {
    if (Platform.isWindows()) {
      return Optional.of("not done on Windows; set it before starting Java");
    }
    try {
      if (LibC.INSTANCE.setenv(name, value, 1) != 0) {
        return Optional.of("setenv failed");
      }
      return Optional.empty();
    } catch (LinkageError e) {
      return Optional.of(e.toString());
    }
  }

  /** The C library's {@code setenv}, through JNA (no JNI code of our own). */
  private interface LibC extends Library {
    LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    int setenv(String name, String value, int overwrite);
  }
}
