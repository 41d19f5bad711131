package io.github.gctfjava.optimizers;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * An optimizer's slots, keyed by slot name and variable op name, for variables in a name scope. The
 * framework's {@code createSlot} names a slot {@code <variable op name>-<slot>}, which TF rejects
 * for {@code conv2d/kernel} ('/' is not allowed in an op name); here the scope separators become
 * '_' ({@code conv2d_kernel-rms}).
 */
final class ScopedSlots {
  /** Slot name to variable op name to slot. */
  private final Map<String, Map<String, Variable<?>>> slots = new HashMap<>();

  /**
   * Adds {@code variable}'s slot {@code slotName} holding {@code initialValue}; build both in the
   * init scope {@code init}, so that Session.initialize() sets the slot.
   */
  <T extends TType> void create(
      Ops init, Output<T> variable, String slotName, Operand<T> initialValue) {
    Variable<T> slot =
        init.withName(variable.op().name().replace('/', '_') + "-" + slotName)
            .variable(initialValue);
    slots.computeIfAbsent(slotName, k -> new HashMap<>()).put(variable.op().name(), slot);
  }

  /** Whether {@code variable} has any slot yet. */
  boolean has(Output<?> variable) {
    return slots.values().stream().anyMatch(s -> s.containsKey(variable.op().name()));
  }

  <T extends TType> Optional<Variable<T>> get(Output<T> variable, String slotName) {
    @SuppressWarnings("unchecked")
    Variable<T> slot =
        (Variable<T>) slots.getOrDefault(slotName, Map.of()).get(variable.op().name());
    return Optional.ofNullable(slot);
  }

  /** The slot the update needs, which createSlots made. */
  <T extends TType> Variable<T> require(Output<T> variable, String slotName) {
    return get(variable, slotName)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no " + slotName + " slot for variable " + variable.op().name()));
  }
}
