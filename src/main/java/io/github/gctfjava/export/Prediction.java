package io.github.gctfjava.export;

import io.github.gctfjava.data.HorsesOrHumans;
import java.util.Locale;

/**
 * The model's answer for one image.
 *
 * @param name the image's file name or path
 * @param humans the probability of "humans" (label 1), the model's sigmoid output
 */
public record Prediction(String name, float humans) {

  /** {@code humans} when the probability is above 0.5, as Keras's binary accuracy thresholds it. */
  public String label() {
    return HorsesOrHumans.LABEL_NAMES.get(humans > 0.5f ? 1 : 0);
  }

  /**
   * {@code NAME: horses (p_humans=0.01234567)}: eight decimals, enough to compare two runs to 1e-6.
   */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: %s (p_humans=%.8f)", name, label(), humans);
  }
}
