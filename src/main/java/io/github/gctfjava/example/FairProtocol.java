package io.github.gctfjava.example;

import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.export.BackupAndRestore;
import io.github.gctfjava.export.RunFolder;
import io.github.gctfjava.export.RunHistory;
import io.github.gctfjava.export.SavedModelExport;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.training.Sequential;
import io.github.gctfjava.training.TensorBoard;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.framework.optimizers.Optimizer;

/**
 * The fair protocol of a comparison (README, "Two protocols"): every optimizer trains its own
 * example CNN from the same initial weights (the seed) on the same batches, each with a fresh
 * optimizer, and is evaluated on the same validation data after every epoch.
 *
 * <p>Each run goes into its own run folder, with a checkpoint at every epoch end; a run stopped
 * before it finished continues from its last checkpoint with the figures it would have had without
 * the stop (the batches depend on the epoch, dropout on the train counter). The history is written
 * last, so a run folder with one holds a finished run.
 */
public final class FairProtocol {
  /**
   * Makes the optimizer named as on the command line ({@code rmsprop}, {@code gc-rmsprop}) on a
   * model's graph.
   */
  @FunctionalInterface
  public interface Optimizers {
    Optimizer create(String name, Graph graph);
  }

  /**
   * @param seed the initial weights, shuffles, augmentation and dropout of every run
   * @param epochs the epochs of each run
   * @param keepCheckpoints how many of the latest checkpoints each run keeps
   * @param policy the dtype policy every run's model is built with ({@link Cnn#create(Policy)})
   */
  public record Settings(long seed, int epochs, int keepCheckpoints, Policy policy) {
    /** In float32. */
    public Settings(long seed, int epochs, int keepCheckpoints) {
      this(seed, epochs, keepCheckpoints, Policy.FLOAT32);
    }
  }

  private final Optimizers optimizers;
  private final Pipeline trainDs;
  private final Pipeline validationDs;
  private final Settings settings;
  private final PrintStream out;

  /**
   * @param trainDs the training batches (augmented), the same for every run
   * @param validationDs the validation batches (not augmented), or null for none
   */
  public FairProtocol(
      Optimizers optimizers,
      Pipeline trainDs,
      Pipeline validationDs,
      Settings settings,
      PrintStream out) {
    this.optimizers = optimizers;
    this.trainDs = trainDs;
    this.validationDs = validationDs;
    this.settings = settings;
    this.out = out;
  }

  /** Whether {@code folder} holds a finished run (its history is written). */
  public static boolean finished(RunFolder folder) {
    return Files.isRegularFile(folder.dir().resolve(RunFolder.HISTORY_JSON));
  }

  /**
   * One run of the pair, as the example's training section prints it, into {@code folder}: from the
   * folder's last checkpoint when it has one, else from the seed's initial weights. Writes the
   * SavedModel, then the history.
   *
   * @return every epoch's figures, those before a resume included
   */
  public RunHistory train(String optimizer, RunFolder folder) {
    try (Sequential model = Cnn.create(settings.policy())) {
      model.setSeed(settings.seed());
      model.compile("binary_crossentropy", optimizers.create(optimizer, model.graph()), "accuracy");
      out.print(model.summary());
      RunHistory previous =
          BackupAndRestore.restoreLatest(folder.checkpoints(), model, settings.epochs(), out)
              .orElse(RunHistory.empty());
      BackupAndRestore backup =
          new BackupAndRestore(folder.checkpoints(), previous, settings.keepCheckpoints());
      TensorBoard tensorBoard =
          new TensorBoard(
              folder.dir().resolve(RunFolder.LOGS), (double) folder.readConfig().learningRate());
      model.fit(
          trainDs,
          settings.epochs(),
          previous.epochs().size(),
          1,
          List.of(backup, tensorBoard),
          out,
          validationDs);
      SavedModelExport.export(model, Cnn::create, folder.savedModel());
      folder.writeHistory(backup.history());
      return backup.history();
    }
  }
}
