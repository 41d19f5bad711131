package io.github.gctfjava.notebook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a Java notebook's code cells in order in JShell, the engine of the IJava and JJava kernels,
 * and records their outputs into the notebook as a kernel would. It stops at the first cell that
 * fails, with a {@link CellFailedException} naming it. It runs a JShell script the same way.
 *
 * <p>What differs from a kernel, and why:
 *
 * <ul>
 *   <li>{@code %jars} and {@code %classpath} lines are resolved from the notebook's folder, as the
 *       kernels do, unless a class path is given: then that class path replaces them (tests run the
 *       notebook on the build's classes, before any jar exists).
 *   <li>{@code display(Object)} is declared by a prelude snippet that hands the object to the
 *       runner ({@link Display}); images become {@code image/png} outputs.
 *   <li>Parameters can be overridden, as papermill does: right after the notebook declares a
 *       variable named in {@link Options#parameters()}, the runner assigns it the given Java
 *       expression, so a quick run can set, e.g., {@code EPOCHS} to 1.
 * </ul>
 */
public final class NotebookRunner {
  /**
   * The {@code display} the Java kernels predefine, declared for the runner and for plain JShell.
   */
  public static final String DISPLAY_PRELUDE =
      "String display(Object o) { return io.github.gctfjava.notebook.Display.display(o); }";

  private static final String PROGBAR_DYNAMIC = "progbar.dynamic";

  private final Options options;

  /**
   * How to run.
   *
   * @param classPath the code's class path; null to take it from the notebook's {@code %jars} and
   *     {@code %classpath} lines (for a script: from this JVM's class path)
   * @param parameters variable name to the Java expression that replaces its value
   * @param echo whether to copy the cells' outputs to the console as they come (long runs)
   */
  public record Options(List<Path> classPath, Map<String, String> parameters, boolean echo) {
    public Options {
      classPath = classPath == null ? null : List.copyOf(classPath);
      parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static Options defaults() {
      return new Options(null, Map.of(), false);
    }

    public Options withClassPath(List<Path> newClassPath) {
      return new Options(newClassPath, parameters, echo);
    }

    public Options withParameters(Map<String, String> newParameters) {
      return new Options(classPath, newParameters, echo);
    }

    public Options withEcho(boolean newEcho) {
      return new Options(classPath, parameters, newEcho);
    }
  }

  public NotebookRunner(Options options) {
    this.options = options;
  }

  /**
   * Runs every code cell of {@code notebook} in order and stores each cell's outputs and execution
   * count in it (nothing is written to disk; see {@link Notebook#write}).
   *
   * @param notebookDir the notebook's folder: the kernel's working folder, where magic paths start
   * @throws CellFailedException at the first cell that fails
   * @throws NotebookException for an unsupported magic, a magic path that matches nothing, or a
   *     parameter the notebook never declares
   */
  public void run(Notebook notebook, Path notebookDir) {
    execute(
        options.classPath(),
        session -> {
          int executionCount = 0;
          for (Notebook.Cell cell : notebook.cells()) {
            if (!cell.isCode()) {
              continue;
            }
            String name = "cell " + cell.index() + " (`" + cell.firstLine() + "`)";
            String code = withoutMagics(cell.source(), session.shell, notebookDir);
            executionCount++;
            notebook.setOutputs(
                cell.index(), session.runCell(name, code, executionCount), executionCount);
          }
          notebook.setLanguageVersion(Runtime.version().toString());
        });
  }

  /**
   * Runs a JShell script (a {@code .jsh} file's text), as {@code jshell --class-path ... FILE}
   * would.
   *
   * @param scriptName how to name the script in a failure
   * @throws CellFailedException at the first snippet that fails
   */
  public void runScript(String script, String scriptName) {
    List<Path> classPath = options.classPath() == null ? ownClassPath() : options.classPath();
    execute(classPath, session -> session.runScript(scriptName, script));
  }

  private void execute(List<Path> classPath, Consumer<Session> body) {
    String dynamicProgbar = System.getProperty(PROGBAR_DYNAMIC);
    // A kernel has no console, so the project's Progbar writes one line per epoch there; started
    // from a terminal, it would redraw its bars with '\r' into the notebook.
    System.setProperty(PROGBAR_DYNAMIC, "false");
    try (JShellSession shell = new JShellSession();
        OutputCapture capture = new OutputCapture(options.echo())) {
      Session session = new Session(shell, capture);
      shell.addToClassPath(runnerLocation()); // what the prelude calls
      if (classPath != null) {
        classPath.forEach(shell::addToClassPath);
      }
      shell.run("the runner's prelude", DISPLAY_PRELUDE, name -> {});
      body.accept(session);
      Set<String> missing = new LinkedHashSet<>(options.parameters().keySet());
      missing.removeAll(session.overridden);
      if (!missing.isEmpty()) {
        throw new NotebookException(
            "parameters never declared by the code, so not overridden: " + missing);
      }
    } finally {
      if (dynamicProgbar == null) {
        System.clearProperty(PROGBAR_DYNAMIC);
      } else {
        System.setProperty(PROGBAR_DYNAMIC, dynamicProgbar);
      }
    }
  }

  /**
   * The cell with its magic lines blanked (line numbers stay), their class path added first; with a
   * class path given in the options, the magics are only checked to be ones the kernels know.
   */
  private String withoutMagics(String source, JShellSession shell, Path notebookDir) {
    StringBuilder code = new StringBuilder();
    for (String line : source.split("\n", -1)) {
      if (Magics.isMagic(line)) {
        if (options.classPath() == null) {
          Magics.classPath(line, notebookDir).forEach(shell::addToClassPath);
        } else {
          Magics.check(line);
        }
        line = "";
      }
      code.append(line).append('\n');
    }
    return code.toString();
  }

  /** One run: the shell, where outputs go, and which parameters were overridden so far. */
  private final class Session {
    final JShellSession shell;
    final OutputCapture capture;
    final List<String> overridden = new ArrayList<>();

    Session(JShellSession shell, OutputCapture capture) {
      this.shell = shell;
      this.capture = capture;
    }

    ArrayNode runCell(String name, String code, int executionCount) {
      CellOutputs outputs = new CellOutputs();
      capture.startCell(outputs);
      String value = shell.run(name, code, variable -> override(name, variable));
      capture.drain();
      if (value != null) {
        outputs.executeResult(executionCount, value);
      }
      return outputs.toJson();
    }

    void runScript(String name, String script) {
      capture.startCell(new CellOutputs());
      shell.runScript(name, script, variable -> override(name, variable));
      capture.drain();
    }

    private void override(String cell, String variable) {
      String expression = options.parameters().get(variable);
      if (expression == null || overridden.contains(variable)) {
        return;
      }
      shell.run(cell + ", parameter " + variable, variable + " = " + expression + ";", name -> {});
      overridden.add(variable);
      System.out.println(variable + " = " + expression + "  // set by the notebook runner");
    }
  }

  private static Path runnerLocation() {
    try {
      return Path.of(Display.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the runner's classes: " + e.getMessage(), e);
    }
  }

  /** This JVM's class path, for a script run as {@code jshell --class-path} would run it. */
  static List<Path> ownClassPath() {
    List<Path> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry));
      }
    }
    return entries;
  }
}
