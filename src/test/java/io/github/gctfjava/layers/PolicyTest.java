package io.github.gctfjava.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gctfjava.runtime.CpuFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private static final CpuFeatures ZEN3 =
      new CpuFeatures("AMD EPYC 7763", 25, 1, Set.of("avx2", "fma"));
  private static final CpuFeatures ZEN4 =
      new CpuFeatures("AMD EPYC 9R14", 25, 17, Set.of("avx512f", "avx512_vnni", "avx512_bf16"));
  private static final CpuFeatures SAPPHIRE_RAPIDS =
      new CpuFeatures("Intel Xeon 8488C", 6, 143, Set.of("avx512f", "amx_bf16", "amx_tile"));

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  @Test
  void kerasNamesAndDtypes() {
    Policy mixed = Policy.of("mixed_bfloat16");
    assertSame(Policy.MIXED_BFLOAT16, mixed);
    assertEquals("mixed_bfloat16", mixed.name());
    assertEquals("bfloat16", mixed.computeDtype());
    assertEquals("float32", mixed.variableDtype());
    assertSame(Policy.FLOAT32, Policy.of("float32"));
    assertEquals("float32", Policy.FLOAT32.computeDtype());
    assertEquals("float32", Policy.FLOAT32.variableDtype());
  }

  @Test
  void anUnknownNameIsOneTypedLineNamingIt() {
    UnknownPolicyException e =
        assertThrows(UnknownPolicyException.class, () -> Policy.of("mixed_float16"));
    assertEquals("mixed_float16", e.value());
    assertEquals(
        "Cannot convert value 'mixed_float16' to a mixed precision Policy;"
            + " valid policies: float32, mixed_bfloat16",
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void withoutNativeBfloat16MixedRunsFloat32AndSaysSoInOneLine() {
    assertSame(Policy.FLOAT32, Policy.MIXED_BFLOAT16.on(ZEN3, errStream));
    assertEquals(
        "gc-tfjava: mixed_bfloat16 needs native bfloat16 (AVX-512 BF16 or AMX), which AMD EPYC"
            + " 7763 lacks; running float32"
            + System.lineSeparator(),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withAvx512Bf16OrAmxMixedStaysAndNothingIsSaid() {
    assertSame(Policy.MIXED_BFLOAT16, Policy.MIXED_BFLOAT16.on(ZEN4, errStream));
    assertSame(Policy.MIXED_BFLOAT16, Policy.MIXED_BFLOAT16.on(SAPPHIRE_RAPIDS, errStream));
    assertSame(Policy.FLOAT32, Policy.FLOAT32.on(ZEN3, errStream));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBuiltLayerKeepsItsPolicy() {
    Dense dense = new Dense(2);
    try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
      dense.maybeBuild(org.tensorflow.op.Ops.create(g), org.tensorflow.ndarray.Shape.of(-1, 3), 1);
    }
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> dense.setDtypePolicy(Policy.MIXED_BFLOAT16));
    assertEquals("layer 'dense' is built already; set its dtype policy before", e.getMessage());
  }
}
