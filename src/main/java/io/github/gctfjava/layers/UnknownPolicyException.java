package io.github.gctfjava.layers;

import java.util.List;

/** A dtype policy name that {@link Policy#of} does not know. */
public final class UnknownPolicyException extends IllegalArgumentException {
  private final String value;

  UnknownPolicyException(String value, List<String> valid) {
    super(
        "Cannot convert value '"
            + value
            + "' to a mixed precision Policy; valid policies: "
            + String.join(", ", valid));
    this.value = value;
  }

  /** The name that was refused. */
  public String value() {
    return value;
  }
}
