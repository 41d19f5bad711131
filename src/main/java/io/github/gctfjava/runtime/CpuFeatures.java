package io.github.gctfjava.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU features that decide TF's CPU kernels, as the kernel reports them in {@code
 * /proc/cpuinfo} (the flags TF's own {@code port::TestCPUFeature} reads through CPUID).
 *
 * @param model the first {@code model name}, or "unknown"
 * @param family the {@code cpu family}, or -1
 * @param modelNumber the {@code model} number, or -1
 * @param flags the first processor's flags; empty where they cannot be read (not Linux)
 */
public record CpuFeatures(String model, int family, int modelNumber, Set<String> flags) {

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's, from {@code /proc/cpuinfo}; unknown (no flags) where that file is absent. */
  public static CpuFeatures detect() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/cpuinfo")));
    } catch (IOException | UncheckedIOException e) {
      return new CpuFeatures("unknown", -1, -1, Set.of());
    }
  }

  /** The first processor's entry of a {@code /proc/cpuinfo} text. */
  static CpuFeatures parse(List<String> cpuinfo) {
    String model = "unknown";
    int family = -1;
    int modelNumber = -1;
    Set<String> flags = Set.of();
    for (String line : cpuinfo) {
      if (line.isBlank()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "model name" -> model = value;
        case "cpu family" -> family = Integer.parseInt(value);
        case "model" -> modelNumber = Integer.parseInt(value);
        case "flags" -> flags = Arrays.stream(value.split("\\s+")).collect(Collectors.toSet());
        default -> {}
      }
    }
    return new CpuFeatures(model, family, modelNumber, flags);
  }

  public boolean known() {
    return !flags.isEmpty();
  }

  public boolean avx512() {
    return flags.contains("avx512f");
  }

  /** AVX-512 VNNI or AVX-VNNI. */
  public boolean vnni() {
    return flags.contains("avx512_vnni") || flags.contains("avx_vnni");
  }

  /** Native bfloat16 arithmetic: AVX-512 BF16 or AMX BF16. */
  public boolean bf16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  public boolean amx() {
    return flags.contains("amx_tile");
  }

  /**
   * Whether TF 2.18 turns oneDNN on by itself on this CPU: on Linux x86 only where the CPU has
   * VNNI, BF16 or AMX ({@code IsMKLEnabled} in tensorflow/core/util/util.cc); elsewhere its CPU
   * kernels are Eigen's unless {@code TF_ENABLE_ONEDNN_OPTS=1}.
   */
  public boolean oneDnnByDefault() {
    return vnni() || bf16() || amx();
  }

  /** {@code AMD EPYC (family 26, model 2): AVX-512 yes, VNNI yes, BF16 yes, AMX no}. */
  public String describe() {
    if (!known()) {
      return model + " (CPU features unknown)";
    }
    return model
        + " (family "
        + family
        + ", model "
        + modelNumber
        + "): AVX-512 "
        + yesNo(avx512())
        + ", VNNI "
        + yesNo(vnni())
        + ", BF16 "
        + yesNo(bf16())
        + ", AMX "
        + yesNo(amx());
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
