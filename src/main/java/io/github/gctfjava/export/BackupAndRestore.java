package io.github.gctfjava.export;

import io.github.gctfjava.training.Callback;
import io.github.gctfjava.training.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keras's {@code BackupAndRestore(backup_dir)} callback: at every epoch end, a {@link Checkpoint}
 * of the model and the history so far, from which an interrupted run is resumed ({@link #latest},
 * then {@link Checkpoint#restore} and {@code fit(initial_epoch=checkpoint.epoch())}).
 *
 * <p>Unlike Keras's, it keeps the checkpoints after training ends ({@code export} turns one into a
 * SavedModel), only the last {@code keep} of them, and it records each epoch's seconds, since a
 * resumed run's own History lacks the epochs before the interruption.
 */
public class BackupAndRestore extends Callback {
  private final Path backupDir;
  private final int keep;
  private RunHistory history;
  private long epochStart;

  /**
   * @param backupDir the folder of the {@code epoch-NNNN} checkpoints
   * @param previous the history up to the epoch training starts at (empty for a new run)
   * @param keep how many of the latest checkpoints to keep, at least 1
   */
  public BackupAndRestore(Path backupDir, RunHistory previous, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, got " + keep);
    }
    this.backupDir = backupDir;
    this.history = previous;
    this.keep = keep;
  }

  /** Every epoch so far, those before a resume included. */
  public RunHistory history() {
    return history;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (epoch != history.epochs().size()) {
      throw new IllegalStateException(
          "epoch "
              + epoch
              + " follows a history of "
              + history.epochs().size()
              + " epochs; fit's initial_epoch must be the checkpoint's epoch");
    }
    epochStart = System.nanoTime();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double seconds = (System.nanoTime() - epochStart) / 1e9;
    history = history.plus(RunHistory.Epoch.of(epoch, logs, seconds));
    Checkpoint.write(backupDir, model(), history);
    prune(epoch + 1);
  }

  /**
   * The newest whole checkpoint in {@code backupDir}, or empty when there is none (a run killed in
   * its first epoch). Damaged ones are skipped, each with one line on {@code log} saying why.
   */
  public static Optional<Checkpoint> latest(Path backupDir, PrintStream log) {
    for (Path dir :
        checkpointFolders(backupDir)
            .sorted(Comparator.comparingInt(Checkpoint::epochOf).reversed())
            .toList()) {
      try {
        return Optional.of(Checkpoint.read(dir));
      } catch (ExportException e) {
        log.println("Skipping checkpoint " + dir + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Restores the newest whole checkpoint in {@code backupDir} ({@link #latest}) into {@code model}
   * and says so on {@code out}, out of {@code epochs}.
   *
   * @return the history to resume with, or empty when there is no checkpoint
   */
  public static Optional<RunHistory> restoreLatest(
      Path backupDir, Model model, int epochs, PrintStream out) {
    Optional<Checkpoint> checkpoint = latest(backupDir, out);
    checkpoint.ifPresent(
        c -> {
          c.restore(model);
          out.println(
              "Resuming from " + c.dir() + " (" + c.epoch() + " of " + epochs + " epochs done)");
        });
    return checkpoint.map(Checkpoint::history);
  }

  /**
   * Keeps the checkpoints of the last {@code keep} epochs up to {@code current}; later ones are
   * left from a run that was resumed from an earlier checkpoint (they were damaged) and go too.
   */
  private void prune(int current) {
    List<Path> stale =
        checkpointFolders(backupDir)
            .filter(
                dir ->
                    Checkpoint.epochOf(dir) <= current - keep || Checkpoint.epochOf(dir) > current)
            .toList();
    try {
      for (Path dir : stale) {
        AtomicFiles.deleteRecursively(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete an old checkpoint in " + backupDir + ": " + e.getMessage(), e);
    }
  }

  private static Stream<Path> checkpointFolders(Path backupDir) {
    if (!Files.isDirectory(backupDir)) {
      return Stream.empty();
    }
    try (Stream<Path> entries = Files.list(backupDir)) {
      return entries
          .filter(Files::isDirectory)
          .filter(dir -> Checkpoint.epochOf(dir) >= 0)
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + backupDir + ": " + e.getMessage(), e);
    }
  }
}
