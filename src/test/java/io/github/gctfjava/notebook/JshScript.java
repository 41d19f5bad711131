package io.github.gctfjava.notebook;

/**
 * A notebook as a JShell script: its code cells in order, its Markdown as comments, its class-path
 * magics as comments (plain JShell takes the class path on its command line), and the {@code
 * display} the kernels predefine declared first. Generated, so it cannot drift from the notebook.
 */
final class JshScript {
  private JshScript() {}

  static String from(Notebook notebook, String notebookFileName) {
    StringBuilder jsh =
        new StringBuilder()
            .append("// Generated from ")
            .append(notebookFileName)
            .append(
                " by io.github.gctfjava.notebook.RunNotebook --jsh: edit the notebook, then regenerate.\n")
            .append(
                "// The notebook's %jars / %classpath lines are comments here: give those jars to\n")
            .append(
                "// jshell with --class-path. Pictures are saved as figure-N.png in the working folder.\n")
            .append('\n')
            .append("// The Java kernels predefine display(Object); plain JShell gets it here.\n")
            .append(NotebookRunner.DISPLAY_PRELUDE)
            .append('\n');
    for (Notebook.Cell cell : notebook.cells()) {
      jsh.append('\n');
      String source = cell.source().stripTrailing();
      for (String line : source.split("\n", -1)) {
        boolean comment = !cell.isCode() || Magics.isMagic(line);
        jsh.append(comment ? ("// " + line).stripTrailing() : line).append('\n');
      }
    }
    return jsh.append('\n').append("/exit\n").toString();
  }
}
