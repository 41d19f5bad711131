package io.github.gctfjava.notebook;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * A JShell that runs the code in this JVM, as IJava and JJava run a notebook's cells: the code is
 * cut into snippets the way JShell reads them, each snippet is evaluated in turn, and the first one
 * that does not compile, needs something never declared, or throws, stops the cell.
 */
final class JShellSession implements AutoCloseable {
  private final JShell shell;
  private final SourceCodeAnalysis analysis;

  JShellSession() {
    // The local engine makes its class loader the context loader of the thread that builds it.
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    shell = JShell.builder().executionEngine("local").build();
    thread.setContextClassLoader(context);
    analysis = shell.sourceCodeAnalysis();
  }

  void addToClassPath(Path entry) {
    shell.addToClasspath(entry.toAbsolutePath().toString());
  }

  /**
   * Runs a cell's code, cut into snippets as the Java kernels cut it: each snippet runs to its end,
   * even across lines that would be complete on their own.
   *
   * @param cell how to name the code in a failure, e.g. {@code cell 3 (`int x = 1;`)}
   * @param onVariable told the name of every variable declared, right after its declaration ran
   * @return the value of the last snippet if it is an expression (a kernel's {@code Out[n]}), else
   *     null
   * @throws CellFailedException naming the cell and the failing snippet
   */
  String run(String cell, String code, Consumer<String> onVariable) {
    String remaining = code;
    String value = null;
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == Completeness.EMPTY) {
        break;
      }
      if (!info.completeness().isComplete()) {
        throw new CellFailedException(
            cell, firstCodeLine(remaining), "incomplete code (" + info.completeness() + ")");
      }
      value = eval(cell, info.source(), onVariable);
      remaining = info.remaining();
    }
    return value;
  }

  /**
   * Runs a script as the {@code jshell} tool reads one: line by line, each snippet evaluated as
   * soon as the lines so far are complete, so a statement continued on a line that starts with an
   * operator is cut short there, as in the tool. A line starting with {@code /} between snippets is
   * a command; {@code /exit} ends the script, others are refused.
   *
   * @param name how to name the script in a failure
   * @throws CellFailedException naming the script and the failing snippet
   */
  void runScript(String name, String script, Consumer<String> onVariable) {
    StringBuilder pending = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String stripped = line.strip();
      if (pending.isEmpty()
          && stripped.startsWith("/")
          && !stripped.startsWith("//")
          && !stripped.startsWith("/*")) {
        if (stripped.equals("/exit")) {
          return;
        }
        throw new CellFailedException(
            name, stripped, "JShell command not supported here; only /exit is");
      }
      pending.append(line).append('\n');
      Completeness completeness = analysis.analyzeCompletion(pending.toString()).completeness();
      if (completeness == Completeness.EMPTY) {
        pending.setLength(0);
      } else if (completeness.isComplete()) {
        run(name, pending.toString(), onVariable);
        pending.setLength(0);
      }
    }
    if (!pending.toString().isBlank()) {
      throw new CellFailedException(
          name, firstCodeLine(pending.toString()), "incomplete code at the end");
    }
  }

  private String eval(String cell, String source, Consumer<String> onVariable) {
    String value = null;
    for (SnippetEvent event : shell.eval(source)) {
      if (event.causeSnippet() != null) {
        continue; // a snippet declared earlier, updated because of this one
      }
      Snippet snippet = event.snippet();
      if (event.status() == Snippet.Status.REJECTED) {
        throw new CellFailedException(
            cell, firstCodeLine(source), "does not compile: " + diagnostics(snippet));
      }
      if (event.exception() != null) {
        throw new CellFailedException(cell, firstCodeLine(source), describe(event.exception()));
      }
      if (event.status() != Snippet.Status.VALID) {
        throw new CellFailedException(
            cell, firstCodeLine(source), "uses what was never declared: " + unresolved(snippet));
      }
      if (snippet instanceof VarSnippet variable
          && snippet.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
        onVariable.accept(variable.name());
      }
      boolean expression =
          snippet.kind() == Snippet.Kind.EXPRESSION
              || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
      value = expression ? event.value() : null;
    }
    return value;
  }

  private String diagnostics(Snippet snippet) {
    return shell
        .diagnostics(snippet)
        .map(
            diag ->
                diag.getMessage(Locale.ROOT)
                    .lines()
                    .map(String::strip)
                    .collect(Collectors.joining(" ")))
        .collect(Collectors.joining("; "));
  }

  private String unresolved(Snippet snippet) {
    List<String> names =
        snippet instanceof DeclarationSnippet declaration
            ? shell.unresolvedDependencies(declaration).toList()
            : List.of();
    return names.isEmpty() ? diagnostics(snippet) : String.join(", ", names);
  }

  private String describe(JShellException exception) {
    if (exception instanceof EvalException thrown) {
      String text =
          thrown.getExceptionClassName()
              + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
      Throwable cause = thrown.getCause();
      while (cause != null && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof EvalException root) {
        text +=
            " (caused by "
                + root.getExceptionClassName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage())
                + ")";
      }
      return text;
    }
    if (exception instanceof UnresolvedReferenceException unresolved) {
      DeclarationSnippet declaration = unresolved.getSnippet();
      return "uses "
          + declaration.name()
          + ", which needs what was never declared: "
          + unresolved(declaration);
    }
    return exception.toString();
  }

  /** The first line that is neither blank nor a comment: what the reader looks for. */
  static String firstCodeLine(String source) {
    return source
        .lines()
        .map(String::strip)
        .filter(
            line ->
                !line.isEmpty()
                    && !line.startsWith("//")
                    && !line.startsWith("*")
                    && !line.startsWith("/*"))
        .findFirst()
        .orElse(source.strip());
  }

  @Override
  public void close() {
    shell.close();
  }
}
