package io.github.gctfjava.notebook;

/**
 * A cell that did not run: it did not compile (JShell rejected a snippet), used something never
 * declared, or threw. The message names the cell by index and first line, then the failing line.
 */
public final class CellFailedException extends NotebookException {
  private final String cell;
  private final String failingLine;

  /**
   * @param cell the cell, e.g. {@code cell 7 (`int x = 1 / 0;`)}
   * @param failingLine the first line of the snippet that failed
   * @param reason what went wrong, in one line
   */
  CellFailedException(String cell, String failingLine, String reason) {
    super(cell + " failed at `" + failingLine + "`: " + reason);
    this.cell = cell;
    this.failingLine = failingLine;
  }

  /** The cell, as named in the message. */
  public String cell() {
    return cell;
  }

  /** The first line of the snippet that failed. */
  public String failingLine() {
    return failingLine;
  }
}
