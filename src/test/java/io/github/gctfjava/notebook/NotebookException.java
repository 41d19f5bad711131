package io.github.gctfjava.notebook;

/**
 * A notebook or script that cannot be run as it is: not a notebook, an unsupported magic, a missing
 * jar.
 */
public class NotebookException extends RuntimeException {
  public NotebookException(String message) {
    super(message);
  }

  public NotebookException(String message, Throwable cause) {
    super(message, cause);
  }
}
