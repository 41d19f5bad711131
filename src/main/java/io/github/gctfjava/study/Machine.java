package io.github.gctfjava.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The machine a study runs on, in one line, as the report states it beside its timings. */
public final class Machine {
  /**
   * The CPU flags that decide which native kernels TF runs (vector width, bfloat16, int8 dot
   * products).
   */
  private static final List<String> FLAGS =
      List.of("avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_bf16");

  private Machine() {}

  /**
   * E.g. {@code AMD EPYC 9xx5 (family 26, model 2), 2 cores, flags avx2 fma avx512f avx512_bf16
   * avx512_vnni, 24 GiB, Linux 6.8, Java 17.0.12}.
   */
  public static String describe() {
    List<String> cpuinfo = read(Path.of("/proc/cpuinfo"));
    String model = field(cpuinfo, "model name").orElse(System.getProperty("os.arch"));
    String family = field(cpuinfo, "cpu family").map(f -> "family " + f).orElse(null);
    String modelNumber = field(cpuinfo, "model").map(m -> "model " + m).orElse(null);
    List<String> present =
        field(cpuinfo, "flags").map(flags -> List.of(flags.split("\\s+"))).orElse(List.of());
    String flags = FLAGS.stream().filter(present::contains).collect(Collectors.joining(" "));
    String memory =
        read(Path.of("/proc/meminfo")).stream()
            .filter(line -> line.startsWith("MemTotal:"))
            .findFirst()
            .map(
                line ->
                    String.format(
                        Locale.ROOT,
                        "%.0f GiB",
                        Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
            .orElse("memory unknown");
    String cpu = family == null ? model : model + " (" + family + ", " + modelNumber + ")";
    return cpu
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, flags "
        + (flags.isEmpty() ? "none of " + FLAGS : flags)
        + ", "
        + memory
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + System.getProperty("java.version");
  }

  private static Optional<String> field(List<String> cpuinfo, String name) {
    return cpuinfo.stream()
        .filter(
            line -> line.startsWith(name) && line.substring(name.length()).strip().startsWith(":"))
        .findFirst()
        .map(line -> line.substring(line.indexOf(':') + 1).strip());
  }

  private static List<String> read(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
