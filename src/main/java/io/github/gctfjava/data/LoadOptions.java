package io.github.gctfjava.data;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link HorsesOrHumans#load} finds and decodes the data.
 *
 * @param dataDir folder holding {@code train/} and {@code test/} folders or the two archives
 * @param resize scale images that are not 300x300 instead of refusing them (see {@link
 *     HorsesOrHumans})
 * @param download fetch missing archives, as {@code tfds.load(download=True)} does
 * @param trainArchive where the train archive comes from ({@link HorsesOrHumans#TRAIN_ARCHIVE})
 * @param testArchive where the test archive comes from ({@link HorsesOrHumans#TEST_ARCHIVE})
 * @param log where download progress and the missing-test-split notice go
 */
public record LoadOptions(
    Path dataDir,
    boolean resize,
    boolean download,
    RemoteArchive trainArchive,
    RemoteArchive testArchive,
    PrintStream log) {

  /** The environment variable naming the data folder when none is given. */
  public static final String DATA_ENV = "HOH_DATA";

  /** The project's data folder, used when neither a folder nor {@value #DATA_ENV} is given. */
  public static final Path DEFAULT_DATA_DIR = Path.of("datasets");

  public LoadOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(trainArchive, "trainArchive");
    Objects.requireNonNull(testArchive, "testArchive");
    Objects.requireNonNull(log, "log");
  }

  /**
   * Defaults (no resize, download on, the TFDS archives, log to stdout) for {@code dataDir}, or
   * when it is null for {@code $HOH_DATA}, or when that is unset for {@code datasets/}.
   */
  public static LoadOptions of(Path dataDirOrNull) {
    return of(dataDirOrNull, System.getenv(DATA_ENV));
  }

  static LoadOptions of(Path dataDirOrNull, String envDataDir) {
    Path dir =
        dataDirOrNull != null
            ? dataDirOrNull
            : envDataDir != null && !envDataDir.isBlank() ? Path.of(envDataDir) : DEFAULT_DATA_DIR;
    return new LoadOptions(
        dir, false, true, HorsesOrHumans.TRAIN_ARCHIVE, HorsesOrHumans.TEST_ARCHIVE, System.out);
  }

  public LoadOptions withResize(boolean newResize) {
    return new LoadOptions(dataDir, newResize, download, trainArchive, testArchive, log);
  }

  public LoadOptions withDownload(boolean newDownload) {
    return new LoadOptions(dataDir, resize, newDownload, trainArchive, testArchive, log);
  }

  public LoadOptions withArchives(RemoteArchive train, RemoteArchive test) {
    return new LoadOptions(dataDir, resize, download, train, test, log);
  }

  public LoadOptions withLog(PrintStream newLog) {
    return new LoadOptions(dataDir, resize, download, trainArchive, testArchive, newLog);
  }
}
