package io.github.gctfjava.export;

import io.github.gctfjava.training.Model;
import io.github.gctfjava.utils.FileDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A training run's state at the end of an epoch, in its own folder {@code epoch-NNNN/}: every
 * variable of the model's graph (weights and the optimizer's slots) in TF's checkpoint format
 * ({@code variables.index}, {@code variables.data-00000-of-00001}), and {@code checkpoint.json}
 * with the epochs done, the train counter that keys dropout, the history so far, and each variables
 * file's size and SHA-256.
 *
 * <p>The folder is written under a temporary name and renamed when complete, so it is either whole
 * or absent; the digests catch what a rename cannot (a copy cut short, a bad disk).
 *
 * @param dir the checkpoint's folder
 * @param epoch the epochs trained (Keras's {@code initial_epoch} to resume with)
 * @param trainCounter the model's train counter after those epochs
 * @param history the figures of those epochs
 */
public record Checkpoint(Path dir, int epoch, long trainCounter, RunHistory history) {
  public static final String MANIFEST = "checkpoint.json";
  private static final String VARIABLES = "variables";
  private static final String PREFIX = "epoch-";

  /** What {@code checkpoint.json} holds. */
  record Manifest(
      int epoch,
      long trainCounter,
      List<RunHistory.Epoch> history,
      Map<String, FileDigest> files) {}

  /** The TF checkpoint prefix of the variables, for {@link Model#loadWeights}. */
  public Path variablesPrefix() {
    return dir.resolve(VARIABLES);
  }

  /**
   * Restores the model's variables and train counter; compile the model first so its slots are
   * restored.
   */
  public void restore(Model model) {
    model.loadWeights(variablesPrefix());
    model.setTrainCounter(trainCounter);
  }

  /** The folder name of the checkpoint after {@code epoch} epochs: {@code epoch-0003}. */
  static String folderName(int epoch) {
    return String.format("%s%04d", PREFIX, epoch);
  }

  /** The epoch a checkpoint folder name stands for, or -1 when it is not one. */
  static int epochOf(Path folder) {
    String name = folder.getFileName().toString();
    return name.matches(PREFIX + "\\d{4,}")
        ? Integer.parseInt(name.substring(PREFIX.length()))
        : -1;
  }

  /**
   * Writes the model's state after {@code history.epochs().size()} epochs into {@code
   * parent/epoch-NNNN}, atomically.
   */
  static Checkpoint write(Path parent, Model model, RunHistory history) {
    int epoch = history.epochs().size();
    Path dir = parent.resolve(folderName(epoch));
    long trainCounter = model.trainCounter();
    AtomicFiles.writeDirectory(
        dir,
        temporary -> {
          model.saveWeights(temporary.resolve(VARIABLES));
          Map<String, FileDigest> files = new TreeMap<>();
          try (Stream<Path> entries = Files.list(temporary)) {
            for (Path file : entries.toList()) {
              files.put(file.getFileName().toString(), digest(file));
            }
          }
          Json.MAPPER.writeValue(
              temporary.resolve(MANIFEST).toFile(),
              new Manifest(epoch, trainCounter, history.epochs(), files));
        });
    return new Checkpoint(dir, epoch, trainCounter, history);
  }

  /**
   * Reads a checkpoint folder and checks that it is whole.
   *
   * @throws ExportException naming the missing or damaged file
   */
  public static Checkpoint read(Path dir) {
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new ExportException(dir, "Not a checkpoint (no " + MANIFEST + "): " + dir);
    }
    Manifest manifest;
    try {
      manifest = Json.read(manifestFile, Manifest.class);
    } catch (IOException e) {
      throw new ExportException(
          manifestFile,
          "Checkpoint manifest " + manifestFile + " is damaged: " + RunFolder.firstLine(e),
          e);
    }
    if (manifest.files() == null
        || manifest.files().keySet().stream().noneMatch(f -> f.startsWith(VARIABLES))) {
      throw new ExportException(
          manifestFile, "Checkpoint manifest " + manifestFile + " lists no variables file");
    }
    manifest.files().forEach((name, expected) -> verify(dir.resolve(name), expected));
    RunHistory history = new RunHistory(manifest.history());
    if (history.epochs().size() != manifest.epoch()) {
      throw new ExportException(
          manifestFile,
          "Checkpoint manifest "
              + manifestFile
              + " is for epoch "
              + manifest.epoch()
              + " but holds the history of "
              + history.epochs().size()
              + " epochs");
    }
    return new Checkpoint(dir, manifest.epoch(), manifest.trainCounter(), history);
  }

  private static void verify(Path file, FileDigest expected) {
    if (!Files.isRegularFile(file)) {
      throw new ExportException(file, "Checkpoint file " + file + " is missing");
    }
    FileDigest actual = digest(file);
    if (actual.bytes() != expected.bytes()) {
      throw new ExportException(
          file,
          "Checkpoint file "
              + file
              + " is damaged: "
              + actual.bytes()
              + " bytes, expected "
              + expected.bytes());
    }
    if (!actual.sha256().equals(expected.sha256())) {
      throw new ExportException(
          file,
          "Checkpoint file "
              + file
              + " is damaged: its SHA-256 differs from the"
              + " one recorded when it was written");
    }
  }

  private static FileDigest digest(Path file) {
    try {
      return FileDigest.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
