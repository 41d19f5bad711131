package io.github.gctfjava.plot;

import io.github.gctfjava.utils.FileException;
import java.nio.file.Path;

/** A picture cannot be written; the message is one line naming the file. */
public final class PlotException extends FileException {
  PlotException(Path path, String message, Throwable cause) {
    super(path, message, cause);
  }
}
