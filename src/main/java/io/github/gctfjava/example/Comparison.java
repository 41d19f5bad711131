package io.github.gctfjava.example;

import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.export.RunHistory;
import io.github.gctfjava.training.History;
import io.github.gctfjava.training.Sequential;
import io.github.gctfjava.training.TimeHistory;
import java.io.PrintStream;
import java.util.List;
import org.tensorflow.framework.optimizers.Optimizer;

/** The example's two training sections and its closing comparison. */
public final class Comparison {
  private Comparison() {}

  /** One training run's figures: its History and its TimeHistory. */
  public record Run(History history, TimeHistory times) {
    public double loss() {
      return history.last("loss");
    }

    public double accuracy() {
      return history.last("accuracy");
    }

    public double trainingTime() {
      return times.total();
    }
  }

  /**
   * One training section of the example: {@code model.compile(loss="binary_crossentropy",
   * optimizer=..., metrics=["accuracy"])}, {@code model.summary()}, then {@code model.fit(train_ds,
   * epochs=..., verbose=1, callbacks=[time_callback])}.
   */
  public static Run train(
      Sequential model, Optimizer optimizer, Pipeline trainDs, int epochs, PrintStream out) {
    return train(model, optimizer, trainDs, null, epochs, out);
  }

  /** As above, with {@code model.fit(..., validation_data=validationDs)}; null for none. */
  public static Run train(
      Sequential model,
      Optimizer optimizer,
      Pipeline trainDs,
      Pipeline validationDs,
      int epochs,
      PrintStream out) {
    TimeHistory timeCallback = new TimeHistory();
    model.compile("binary_crossentropy", optimizer, "accuracy");
    out.print(model.summary());
    History history = model.fit(trainDs, epochs, 0, 1, List.of(timeCallback), out, validationDs);
    return new Run(history, timeCallback);
  }

  /** The example's closing block, printed as its Python prints it. */
  public static void print(Run noGc, Run gc, PrintStream out) {
    out.println("Not using Gradient Centralization");
    printRun(noGc, out);
    out.println("Using Gradient Centralization");
    printRun(gc, out);
  }

  /** The example's closing block from two runs' histories, exactly as its Python prints it. */
  public static void print(RunHistory noGc, RunHistory gc, PrintStream out) {
    out.println("Not using Gradient Centralization");
    printRun(noGc, out);
    out.println("Using Gradient Centralization");
    printRun(gc, out);
  }

  /**
   * The example's closing block from two runs' histories (a run of {@link FairProtocol}, say), with
   * the two optimizers named, as {@code compare} prints it for any pair: {@code Not using Gradient
   * Centralization (adam)}, {@code Using Gradient Centralization (gc-adam)}.
   */
  public static void print(
      String noGcName, RunHistory noGc, String gcName, RunHistory gc, PrintStream out) {
    out.println("Not using Gradient Centralization (" + noGcName + ")");
    printRun(noGc, out);
    out.println("Using Gradient Centralization (" + gcName + ")");
    printRun(gc, out);
  }

  private static void printRun(RunHistory run, PrintStream out) {
    out.println("Loss: " + run.last().loss());
    out.println("Accuracy: " + run.last().accuracy());
    out.println("Training Time: " + run.totalSeconds());
  }

  private static void printRun(Run run, PrintStream out) {
    out.println("Loss: " + run.loss());
    out.println("Accuracy: " + run.accuracy());
    out.println("Training Time: " + run.trainingTime());
  }
}
