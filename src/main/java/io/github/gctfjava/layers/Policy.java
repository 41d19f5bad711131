package io.github.gctfjava.layers;

import io.github.gctfjava.runtime.CpuFeatures;
import java.io.PrintStream;
import java.util.List;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * Keras's {@code keras.mixed_precision.Policy}: the dtype a layer computes in and the dtype of its
 * variables. Under {@code mixed_bfloat16} a layer's variables stay float32 and are cast to bfloat16
 * where they are read (Keras's {@code AutoCastVariable}), so gradients flow back through the cast
 * as float32 and the optimizer, its slots and gradient centralization stay float32.
 *
 * <p>The casts are the layers' own ({@link KernelLayer}), as Keras's, rather than TF's Grappler
 * rewrite {@code auto_mixed_precision_onednn_bfloat16}: that rewrite also turns the ops of its
 * infer list downstream of the bfloat16 gradients to bfloat16, which here are gradient
 * centralization's mean and subtraction, RMSprop's squared gradient and part of the loss, and it is
 * not faster for this model.
 */
public final class Policy {
  public static final Policy FLOAT32 = new Policy("float32", TFloat32.class);
  public static final Policy MIXED_BFLOAT16 = new Policy("mixed_bfloat16", TBfloat16.class);

  private static final List<Policy> ALL = List.of(FLOAT32, MIXED_BFLOAT16);

  private final String name;
  private final Class<? extends TFloating> computeType;

  private Policy(String name, Class<? extends TFloating> computeType) {
    this.name = name;
    this.computeType = computeType;
  }

  /**
   * The policy of a Keras name.
   *
   * @throws UnknownPolicyException for any other name
   */
  public static Policy of(String name) {
    return ALL.stream()
        .filter(p -> p.name.equals(name))
        .findFirst()
        .orElseThrow(
            () -> new UnknownPolicyException(name, ALL.stream().map(p -> p.name).toList()));
  }

  /**
   * This policy as it runs on {@code cpu}: {@code mixed_bfloat16} without native bfloat16
   * arithmetic (AVX-512 BF16 or AMX) would emulate every bfloat16 product and be slower than
   * float32, so there it is float32, said in one line on {@code err}.
   */
  public Policy on(CpuFeatures cpu, PrintStream err) {
    if (this == FLOAT32 || cpu.bf16()) {
      return this;
    }
    err.println(
        "gc-tfjava: "
            + name
            + " needs native bfloat16 (AVX-512 BF16 or AMX), which "
            + cpu.model()
            + " lacks; running float32");
    return FLOAT32;
  }

  /** Keras's {@code name}: {@code float32} or {@code mixed_bfloat16}. */
  public String name() {
    return name;
  }

  /** Keras's {@code compute_dtype}: {@code float32} or {@code bfloat16}. */
  public String computeDtype() {
    return computeType == TFloat32.class ? "float32" : "bfloat16";
  }

  /** Keras's {@code variable_dtype}: float32 for both policies. */
  public String variableDtype() {
    return "float32";
  }

  /** The TF type of {@link #computeDtype()}. */
  Class<? extends TFloating> computeType() {
    return computeType;
  }

  @Override
  public String toString() {
    return "<Policy \"" + name + "\">";
  }
}
