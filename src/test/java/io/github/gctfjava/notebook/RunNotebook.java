package io.github.gctfjava.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a notebook (or a JShell script) outside Jupyter, as CI and maintainers need: to check that
 * it runs, to store a run's outputs in it, and to regenerate its JShell script. It is a test class:
 * run it on the compiled tests, {@code mvn test-compile && java -cp
 * 'target/test-classes:target/classes:target/lib/*' io.github.gctfjava.notebook.RunNotebook
 * notebooks/gradient_centralization.ipynb --write --jsh notebooks/gradient_centralization.jsh}.
 */
@Command(
    name = "run-notebook",
    mixinStandardHelpOptions = true,
    version = "run-notebook (gc-tfjava 0.1.0)",
    description =
        "Run a Java notebook's code cells (or a .jsh script) in JShell, as the IJava/JJava kernels do.")
public final class RunNotebook implements Callable<Integer> {
  @Parameters(
      paramLabel = "FILE",
      description = "The notebook (.ipynb) or JShell script (.jsh) to run.")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "NAME=EXPR",
      description =
          "Override a parameter: assign the Java expression right after the code declares NAME.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(names = "--write", description = "Store the outputs of the run in the notebook.")
  boolean write;

  @Option(
      names = "--jsh",
      paramLabel = "FILE.jsh",
      description = "Write the notebook as a JShell script.")
  Path jsh;

  @Option(names = "--no-run", description = "Do not run (e.g. only write the --jsh script).")
  boolean noRun;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new RunNotebook());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine
              .getErr()
              .println(
                  "error: " + (e instanceof NotebookException ? e.getMessage() : e.toString()));
          commandLine.getErr().flush();
          return 1;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws IOException {
    NotebookRunner runner =
        new NotebookRunner(
            NotebookRunner.Options.defaults().withParameters(parameters).withEcho(true));
    if (file.toString().endsWith(".jsh")) {
      if (!noRun) {
        runner.runScript(
            Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
      }
      return 0;
    }
    Notebook notebook = Notebook.read(file);
    if (jsh != null) {
      Files.writeString(
          jsh, JshScript.from(notebook, file.getFileName().toString()), StandardCharsets.UTF_8);
      System.err.println("Wrote " + jsh);
    }
    if (!noRun) {
      Path dir = file.toAbsolutePath().getParent();
      runner.run(notebook, dir);
      if (write) {
        notebook.write(file);
        System.err.println("Stored the outputs in " + file);
      }
    }
    return 0;
  }
}
