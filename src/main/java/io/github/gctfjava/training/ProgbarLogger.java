package io.github.gctfjava.training;

import io.github.gctfjava.utils.Progbar;
import java.io.PrintStream;
import java.util.Map;

/**
 * Keras's {@code ProgbarLogger} (verbose=1): {@code Epoch 1/10}, then a bar updated every step and
 * finished at epoch end: {@code ... - loss: 0.5612 - accuracy: 0.7537 - val_loss: 0.6011 -
 * val_accuracy: 0.7070}.
 */
public class ProgbarLogger extends Callback {
  private final PrintStream out;
  private final boolean dynamic;
  private int epochs;
  private int steps;
  private Progbar progbar;

  public ProgbarLogger(PrintStream out, boolean dynamic) {
    this.out = out;
    this.dynamic = dynamic;
  }

  void setParams(int epochs, int steps) {
    this.epochs = epochs;
    this.steps = steps;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (epochs > 1) {
      out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }
    progbar = new Progbar(steps, "step", out, dynamic);
  }

  /** The epoch's last step is drawn at epoch end, once its logs hold the validation figures too. */
  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (batch + 1 < steps) {
      progbar.update(batch + 1, logs);
    }
  }

  /**
   * Keras's {@code _finalize_progbar}: the final line with the epoch's logs, {@code val_*}
   * included.
   */
  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    progbar.update(steps, logs);
  }
}
