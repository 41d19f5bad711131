package io.github.gctfjava.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One training run on disk:
 *
 * <pre>
 * DIR/config.json     the run's configuration ({@link RunConfig})
 * DIR/history.csv     epoch,loss,accuracy,seconds
 * DIR/history.json    the same, as columns
 * DIR/checkpoints/    epoch-NNNN/ folders ({@link Checkpoint}), the last few epochs ({@code train} only)
 * DIR/saved_model/    the trained model ({@link SavedModelExport})
 * </pre>
 */
public final class RunFolder {
  public static final String CONFIG = "config.json";
  public static final String HISTORY_CSV = "history.csv";
  public static final String HISTORY_JSON = "history.json";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String SAVED_MODEL = "saved_model";

  /** TensorBoard event files: {@code logs/train}, {@code logs/validation}. */
  public static final String LOGS = "logs";

  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /** A new run in {@code dir}, which must not exist or be empty: runs are never mixed. */
  public static RunFolder create(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new ExportException(
                dir,
                "Run folder "
                    + dir
                    + " exists and is not empty; --resume "
                    + dir
                    + " continues that run");
          }
        }
      } else if (Files.exists(dir)) {
        throw new ExportException(dir, "Run folder " + dir + " is a file");
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return new RunFolder(dir);
  }

  /** An existing run, to resume or export: {@code dir} must hold a {@code config.json}. */
  public static RunFolder open(Path dir) {
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      throw new ExportException(dir, "Not a run folder (no " + CONFIG + "): " + dir);
    }
    return new RunFolder(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path checkpoints() {
    return dir.resolve(CHECKPOINTS);
  }

  public Path savedModel() {
    return dir.resolve(SAVED_MODEL);
  }

  public void writeConfig(RunConfig config) {
    Json.write(dir.resolve(CONFIG), config);
  }

  public RunConfig readConfig() {
    Path file = dir.resolve(CONFIG);
    try {
      return Json.read(file, RunConfig.class);
    } catch (IOException e) {
      throw new ExportException(
          file, "Cannot read run configuration " + file + ": " + firstLine(e), e);
    }
  }

  public void writeHistory(RunHistory history) {
    history.writeCsv(dir.resolve(HISTORY_CSV));
    history.writeJson(dir.resolve(HISTORY_JSON));
  }

  static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.lines().findFirst().orElse(message).strip();
  }
}
