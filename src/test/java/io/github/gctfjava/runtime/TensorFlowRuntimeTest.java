package io.github.gctfjava.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TensorFlowRuntimeTest {
  /** TF's own INFO line when its oneDNN kernels are on (tensorflow/core/util/port.cc). */
  private static final String TF_ONEDNN_ON = "oneDNN custom operations are on";

  private static final CpuFeatures ZEN3 =
      new CpuFeatures("AMD EPYC 7B13", 25, 1, Set.of("avx2", "fma"));
  private static final CpuFeatures ZEN4 =
      new CpuFeatures(
          "AMD EPYC 9B14", 25, 17, Set.of("avx2", "avx512f", "avx512_vnni", "avx512_bf16"));

  @Test
  void setsTheVariableWhenTheEnvironmentHasNone() {
    List<String> written = new ArrayList<>();
    RuntimeSettings settings =
        TensorFlowRuntime.decide(
            Map.of(),
            ZEN3,
            Optional.of(false),
            (name, value) -> {
              written.add(name + "=" + value);
              return Optional.empty();
            });
    assertEquals(List.of("TF_ENABLE_ONEDNN_OPTS=1"), written);
    assertTrue(settings.oneDnn());
  }

  @Test
  void keepsTheUsersChoice() {
    RuntimeSettings off =
        TensorFlowRuntime.decide(
            Map.of("TF_ENABLE_ONEDNN_OPTS", "0"),
            ZEN4,
            Optional.of(false),
            TensorFlowRuntimeTest::mustNotWrite);
    assertFalse(off.oneDnn());
    assertTrue(off.oneDnnSource().contains("in the environment"), off.oneDnnSource());
    assertTrue(
        TensorFlowRuntime.decide(
                Map.of("TF_ENABLE_ONEDNN_OPTS", "TRUE"),
                ZEN3,
                Optional.of(false),
                TensorFlowRuntimeTest::mustNotWrite)
            .oneDnn());
    // A value TF cannot read leaves TF's default for the CPU, which differs between these two.
    Map<String, String> bad = Map.of("TF_ENABLE_ONEDNN_OPTS", "yes");
    assertFalse(
        TensorFlowRuntime.decide(bad, ZEN3, Optional.of(false), TensorFlowRuntimeTest::mustNotWrite)
            .oneDnn());
    assertTrue(
        TensorFlowRuntime.decide(bad, ZEN4, Optional.of(false), TensorFlowRuntimeTest::mustNotWrite)
            .oneDnn());
  }

  @Test
  void reportsTheDefaultWhenTooLateOrUnableToSet() {
    RuntimeSettings late =
        TensorFlowRuntime.decide(
            Map.of(), ZEN3, Optional.of(true), TensorFlowRuntimeTest::mustNotWrite);
    assertFalse(late.oneDnn());
    assertTrue(late.oneDnnSource().contains("loaded before"), late.oneDnnSource());
    RuntimeSettings failed =
        TensorFlowRuntime.decide(
            Map.of(), ZEN4, Optional.empty(), (name, value) -> Optional.of("no libc"));
    assertTrue(failed.oneDnn());
    assertTrue(failed.oneDnnSource().contains("no libc"), failed.oneDnnSource());
  }

  @Test
  void tfsDefaultFollowsVnniBf16OrAmx() {
    assertFalse(ZEN3.oneDnnByDefault());
    assertTrue(ZEN4.oneDnnByDefault());
    assertTrue(new CpuFeatures("Intel", 6, 143, Set.of("avx2", "avx_vnni")).oneDnnByDefault());
    assertTrue(new CpuFeatures("Intel", 6, 143, Set.of("amx_tile", "amx_bf16")).bf16());
  }

  @Test
  void parsesTheFirstProcessorOfCpuinfo() {
    CpuFeatures cpu =
        CpuFeatures.parse(
            List.of(
                "processor\t: 0",
                "vendor_id\t: AuthenticAMD",
                "cpu family\t: 25",
                "model\t\t: 1",
                "model name\t: AMD EPYC 7B13",
                "flags\t\t: fpu avx2 fma",
                "",
                "processor\t: 1",
                "model name\t: other",
                "flags\t\t: avx512f"));
    assertEquals(new CpuFeatures("AMD EPYC 7B13", 25, 1, Set.of("fpu", "avx2", "fma")), cpu);
    assertEquals(
        "AMD EPYC 7B13 (family 25, model 1): AVX-512 no, VNNI no, BF16 no, AMX no", cpu.describe());
  }

  @Test
  void infoLineFollowsTfsLogLevel() {
    assertTrue(TensorFlowRuntime.infoLogged(Map.of()));
    assertTrue(TensorFlowRuntime.infoLogged(Map.of("TF_CPP_MIN_LOG_LEVEL", "0")));
    assertFalse(TensorFlowRuntime.infoLogged(Map.of("TF_CPP_MIN_LOG_LEVEL", "2")));
  }

  /** In a fresh JVM, TF reads what configure() set in the C environment before it loaded. */
  @Test
  void aFreshJvmGetsOneDnnFromConfigure() throws Exception {
    String output = probe(null);
    assertTrue(output.contains("getenv=1"), output);
    assertTrue(output.contains("oneDnn=true"), output);
    assertTrue(output.contains(TF_ONEDNN_ON), output);
  }

  /** configure() leaves TF's tensors in oneDNN's pool; a user's choice of malloc is reported. */
  @Test
  void aFreshJvmKeepsOneDnnsPoolUnlessTheUserChoosesMalloc() throws Exception {
    String output = probe(null);
    assertTrue(output.contains("allocator=null"), output);
    assertTrue(output.contains("oneDNN's allocator pool"), output);
    String tuned = probe(null, Map.of("TF_ONEDNN_USE_SYSTEM_ALLOCATOR", "1"));
    assertTrue(tuned.contains("allocator=1"), tuned);
    assertTrue(tuned.contains("TF_ONEDNN_USE_SYSTEM_ALLOCATOR=1 in the environment"), tuned);
  }

  /** The user's TF_ENABLE_ONEDNN_OPTS=0 is kept, and TF then runs without oneDNN on any CPU. */
  @Test
  void aFreshJvmKeepsTheUsersZero() throws Exception {
    String output = probe("0");
    assertTrue(output.contains("getenv=0"), output);
    assertTrue(output.contains("oneDnn=false"), output);
    assertFalse(output.contains(TF_ONEDNN_ON), output);
  }

  /** Once TF is loaded, configure() sets nothing and says so. */
  @Test
  void configureAfterTfLoadedSaysSo() throws Exception {
    String output = probe(null, "late");
    assertTrue(output.contains("getenv=null"), output);
    assertTrue(output.contains("loaded before"), output);
  }

  private static String probe(String oneDnnValue, String... args)
      throws IOException, InterruptedException {
    return probe(oneDnnValue, Map.of(), args);
  }

  private static String probe(String oneDnnValue, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                OneDnnProbe.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("TF_ENABLE_ONEDNN_OPTS");
    builder.environment().remove(TensorFlowRuntime.SYSTEM_ALLOCATOR_VARIABLE);
    builder.environment().putAll(environment);
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "0");
    if (oneDnnValue != null) {
      builder.environment().put("TF_ENABLE_ONEDNN_OPTS", oneDnnValue);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe did not end");
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  private static Optional<String> mustNotWrite(String name, String value) {
    throw new AssertionError("wrote " + name + "=" + value);
  }
}
