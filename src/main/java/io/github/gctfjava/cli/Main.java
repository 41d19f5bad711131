package io.github.gctfjava.cli;

import io.github.gctfjava.runtime.TensorFlowRuntime;
import io.github.gctfjava.utils.FileException;
import java.io.PrintWriter;
import org.tensorflow.exceptions.TensorFlowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar gc-tfjava.jar <command>}: the example's steps as subcommands. */
@Command(
    name = "gc-tfjava",
    mixinStandardHelpOptions = true,
    version = "gc-tfjava 0.1.0 (TensorFlow Java 1.1.0)",
    description = "Gradient Centralization (Yong et al., 2020) on TensorFlow Java: the keras.io example, in Java.",
    subcommands = {DataCommand.class, SummaryCommand.class, CompareCommand.class, StudyCommand.class, EvaluateCommand.class, BenchCommand.class, TrainCommand.class, ExportCommand.class, PredictCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    TensorFlowRuntime.configure();
    System.exit(commandLine().execute(args));
  }

  /** The command line with one-line errors: a bad input names itself, never only a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
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
    if (e instanceof FileException || e instanceof java.io.UncheckedIOException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException || e instanceof TensorFlowException) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return message.lines().findFirst().orElse(message);
    }
    return e + " (run with -Dgc.debug=true for the stack trace)";
  }
}
