package io.github.gctfjava.cli;

import io.github.gctfjava.runtime.TensorFlowRuntime;
import io.github.gctfjava.training.StopRequest;
import io.github.gctfjava.training.TrainingStoppedException;
import io.github.gctfjava.utils.FileException;
import java.io.PrintWriter;
import java.util.List;
import org.tensorflow.exceptions.TensorFlowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sun.misc.Signal;

/** {@code java -jar gc-tfjava.jar <command>}: the example's steps as subcommands. */
@Command(
    name = "gc-tfjava",
    mixinStandardHelpOptions = true,
    version = "gc-tfjava 0.1.0 (TensorFlow Java 1.1.0)",
    description =
        "Gradient Centralization (Yong et al., 2020) on TensorFlow Java: the keras.io example, in Java.",
    subcommands = {
      DataCommand.class,
      SummaryCommand.class,
      CompareCommand.class,
      StudyCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      TrainCommand.class,
      ExportCommand.class,
      PredictCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    TensorFlowRuntime.configure();
    stopOnSignals();
    System.exit(commandLine().execute(args));
  }

  /**
   * SIGTERM and SIGINT stop training between two steps ({@link StopRequest}), then the command
   * unwinds and closes its TF sessions and graphs before the JVM exits with 128 + the signal's
   * number. The JVM's own handling of both signals runs the exit sequence at once, while TF's
   * threads may still be running a step; a second signal exits that way.
   */
  private static void stopOnSignals() {
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (StopRequest.isRequested()) {
              System.exit(128 + signal.getNumber());
            }
            exitStatus = 128 + signal.getNumber();
            StopRequest.request("SIG" + name);
          });
    }
  }

  private static volatile int exitStatus = -1;

  /** The command line with one-line errors: a bad input names itself, never only a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof TrainingStoppedException) {
            err.println(
                "stopped: " + e.getMessage() + "; every complete epoch's checkpoint is kept");
            if (commandLine.getCommand() instanceof TrainCommand train && train.run != null) {
              err.println(
                  "resume with: java -jar target/gc-tfjava.jar train --resume " + train.run.dir());
            }
            err.flush();
            return exitStatus > 0 ? exitStatus : 1;
          }
          err.println("error: " + oneLine(e));
          if (Boolean.getBoolean("gc.debug")) {
            e.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return cli;
  }

  static String oneLine(Exception e) {
    if (e instanceof FileException
        || e instanceof java.io.UncheckedIOException
        || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof TensorFlowException) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return message.lines().findFirst().orElse(message);
    }
    return e + " (run with -Dgc.debug=true for the stack trace)";
  }
}
