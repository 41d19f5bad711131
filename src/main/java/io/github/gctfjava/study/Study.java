package io.github.gctfjava.study;

import io.github.gctfjava.data.HoldOut;
import io.github.gctfjava.data.ImageSplit;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.example.FairProtocol;
import io.github.gctfjava.export.ExportException;
import io.github.gctfjava.export.Json;
import io.github.gctfjava.export.RunConfig;
import io.github.gctfjava.export.RunFolder;
import io.github.gctfjava.export.RunHistory;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.training.Sequential;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A multi-seed study on disk: the fair protocol for an optimizer pair on each seed, every run a run
 * folder, then a report over all of them.
 *
 * <pre>
 * DIR/study.json                  the plan ({@link StudyPlan})
 * DIR/seed-N/OPTIMIZER/           each run's folder ({@link RunFolder}), with its checkpoints
 * DIR/report.md, DIR/held-out-accuracy.png   written once every run has finished ({@link StudyReport})
 * </pre>
 *
 * <p>Runs are trained in order, seed by seed; {@link #run} skips the finished ones and continues an
 * interrupted one from its last checkpoint, so a study stopped anywhere and run again ends with the
 * figures it would have had without the stop, and a finished study run again only rewrites its
 * report.
 */
public final class Study {
  public static final String PLAN = "study.json";

  /**
   * Checkpoints each run keeps: the last one is all a resume needs, and each holds the optimizer's
   * slots.
   */
  private static final int KEEP_CHECKPOINTS = 1;

  private final Path dir;
  private final StudyPlan plan;

  private Study(Path dir, StudyPlan plan) {
    this.dir = dir;
    this.plan = plan;
  }

  /** A new study in {@code dir}, which must not exist or be empty. */
  public static Study create(Path dir, StudyPlan plan) {
    RunFolder.create(dir);
    Json.write(dir.resolve(PLAN), plan);
    return new Study(dir, plan);
  }

  /** The study in {@code dir}, as its {@code study.json} planned it. */
  public static Study open(Path dir) {
    Path file = dir.resolve(PLAN);
    if (!Files.isRegularFile(file)) {
      throw new ExportException(dir, "Not a study folder (no " + PLAN + "): " + dir);
    }
    try {
      return new Study(dir, Json.read(file, StudyPlan.class));
    } catch (IOException e) {
      throw new ExportException(file, "Cannot read study plan " + file + ": " + e.getMessage(), e);
    }
  }

  /** This study reading its data from {@code data} from now on (the same data set, moved). */
  public Study withData(String data) {
    StudyPlan moved = plan.withData(data);
    Json.write(dir.resolve(PLAN), moved);
    return new Study(dir, moved);
  }

  public Path dir() {
    return dir;
  }

  public StudyPlan plan() {
    return plan;
  }

  /** Where the run of {@code optimizer} on {@code seed} goes. */
  public Path runDir(long seed, String optimizer) {
    return dir.resolve("seed-" + seed).resolve(optimizer);
  }

  /** Whether every run of the plan has finished. */
  public boolean finished() {
    return plan.seeds().stream()
        .allMatch(seed -> plan.optimizers().stream().allMatch(o -> finished(seed, o)));
  }

  private boolean finished(long seed, String optimizer) {
    Path run = runDir(seed, optimizer);
    return Files.isRegularFile(run.resolve(RunFolder.CONFIG))
        && FairProtocol.finished(RunFolder.open(run));
  }

  /**
   * Every run's history, seed by seed in the plan's order, each as {@code [baseline, other]}; all
   * must be finished.
   */
  public List<List<RunHistory>> histories() {
    List<List<RunHistory>> histories = new ArrayList<>();
    for (long seed : plan.seeds()) {
      List<RunHistory> pair = new ArrayList<>();
      for (String optimizer : plan.optimizers()) {
        if (!finished(seed, optimizer)) {
          throw new IllegalStateException(
              "the run " + runDir(seed, optimizer) + " has not finished");
        }
        pair.add(RunHistory.readJson(runDir(seed, optimizer).resolve(RunFolder.HISTORY_JSON)));
      }
      histories.add(pair);
    }
    return histories;
  }

  /** What each seed held out, from its runs' configurations. */
  public List<String> validation() {
    return plan.seeds().stream()
        .map(
            seed ->
                RunFolder.open(runDir(seed, plan.optimizers().get(0))).readConfig().validation())
        .toList();
  }

  /**
   * Checks that {@code plan} can run on {@code dataset}: it has held-out data, and the first seed's
   * hold-out keeps both classes in both parts (which does not depend on the seed).
   */
  public static void check(LoadedDataset dataset, StudyPlan plan) {
    if (dataset.test().isEmpty() && plan.validationSplit() == null) {
      throw new IllegalArgumentException(
          "a study measures held-out accuracy, and "
              + plan.data()
              + " has no test"
              + " split: give --validation-split FRACTION to hold out subjects of the train split");
    }
    try (ImageSplit train = dataset.train().first(plan.limit());
        HoldOut holdOut =
            HoldOut.choose(train, dataset.test(), plan.validationSplit(), plan.seeds().get(0))) {
      holdOut.validation().orElseThrow();
    }
  }

  /**
   * Trains every run that has not finished, in order.
   *
   * @param dataset the plan's data set, loaded
   * @param optimizers makes the plan's optimizers
   */
  public void run(LoadedDataset dataset, FairProtocol.Optimizers optimizers, PrintStream out) {
    check(dataset, plan);
    try (ImageSplit train = dataset.train().first(plan.limit());
        Sequential augmentation = Augmentation.create()) {
      for (long seed : plan.seeds()) {
        if (plan.optimizers().stream().allMatch(o -> finished(seed, o))) {
          out.println("Seed " + seed + ": finished");
          continue;
        }
        runSeed(seed, train, augmentation, dataset, optimizers, out);
      }
    }
  }

  private void runSeed(
      long seed,
      ImageSplit train,
      Sequential augmentation,
      LoadedDataset dataset,
      FairProtocol.Optimizers optimizers,
      PrintStream out) {
    Pipeline.Options options = Pipeline.Options.defaults(seed).withBatchSize(plan.batchSize());
    try (HoldOut holdOut = HoldOut.choose(train, dataset.test(), plan.validationSplit(), seed);
        Pipeline trainDs = Pipeline.prepare(holdOut.train(), true, augmentation, options);
        Pipeline validationDs =
            Pipeline.prepare(holdOut.validation().orElseThrow(), false, null, options)) {
      out.println("Seed " + seed + ". " + holdOut.description());
      FairProtocol protocol =
          new FairProtocol(
              optimizers,
              trainDs,
              validationDs,
              new FairProtocol.Settings(seed, plan.epochs(), KEEP_CHECKPOINTS),
              out);
      for (String optimizer : plan.optimizers()) {
        if (finished(seed, optimizer)) {
          out.println("Seed " + seed + ", " + optimizer + ": finished");
          continue;
        }
        out.println("Seed " + seed + ", " + optimizer + ":");
        RunFolder folder = folder(runDir(seed, optimizer));
        folder.writeConfig(
            new RunConfig(
                optimizer,
                plan.epochs(),
                plan.batchSize(),
                plan.learningRate(),
                seed,
                plan.limit(),
                plan.data(),
                plan.resize(),
                "fair",
                null,
                false,
                null,
                null,
                null,
                plan.validationSplit(),
                holdOut.description(),
                Policy.FLOAT32.name()));
        protocol.train(optimizer, folder);
      }
    }
  }

  /**
   * The run's folder: a new one, or the one an interrupted run left (with or without its config
   * yet).
   */
  private static RunFolder folder(Path run) {
    if (Files.isRegularFile(run.resolve(RunFolder.CONFIG))) {
      return RunFolder.open(run);
    }
    if (Files.isDirectory(run)) {
      // Killed before its config was written: only the temporary file of that write can be here.
      try (Stream<Path> entries = Files.list(run)) {
        for (Path entry : entries.toList()) {
          if (!entry.getFileName().toString().startsWith(".") || !Files.isRegularFile(entry)) {
            throw new ExportException(
                run,
                "Run folder "
                    + run
                    + " has files but no "
                    + RunFolder.CONFIG
                    + "; it is not this study's");
          }
          Files.delete(entry);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot clear " + run + ": " + e.getMessage(), e);
      }
    }
    return RunFolder.create(run);
  }
}
