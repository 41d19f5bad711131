package io.github.gctfjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.gctfjava.export.RunConfig;
import io.github.gctfjava.export.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code train} and {@code export} refuse before any data is loaded or model built. */
class TrainCommandTest {
  @TempDir Path dir;

  private Path recordedRun() {
    RunFolder run = RunFolder.create(dir.resolve("run"));
    run.writeConfig(
        new RunConfig(
            "gc-rmsprop",
            4,
            128,
            1e-4f,
            1337,
            128,
            dir.toString(),
            false,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            null));
    return run.dir();
  }

  @Test
  void aResumedRunKeepsItsRecordedConfiguration() {
    Path run = recordedRun();
    CliRun seed = CliRun.of("train", "--resume", run.toString(), "--seed", "5");
    assertEquals(1, seed.exitCode());
    assertEquals(
        "error: --seed 5 differs from the run's recorded 1337; a resumed run keeps its configuration"
            + System.lineSeparator(),
        seed.err());
    assertEquals(
        "error: --optimizer rmsprop differs from the run's recorded gc-rmsprop; a resumed run keeps its"
            + " configuration"
            + System.lineSeparator(),
        CliRun.of("train", "--resume", run.toString(), "--optimizer", "rmsprop").err());
    assertEquals(
        "error: --out and --resume exclude each other: a resumed run stays in its folder"
            + System.lineSeparator(),
        CliRun.of("train", "--resume", run.toString(), "--out", "x").err());
  }

  @Test
  void aResumedRunKeepsItsPrecision() {
    Path run = recordedRun();
    assertEquals(
        "error: --precision mixed_bfloat16 differs from the run's recorded float32; a resumed run"
            + " keeps its configuration"
            + System.lineSeparator(),
        CliRun.of("train", "--resume", run.toString(), "--precision", "mixed_bfloat16").err());
  }

  @Test
  void anUnknownPrecisionIsRefusedBeforeAnyFolderIsMade() {
    Path out = dir.resolve("new");
    String refused =
        "error: Cannot convert value 'mixed_float16' to a mixed precision Policy; valid policies:"
            + " float32, mixed_bfloat16"
            + System.lineSeparator();
    assertEquals(
        refused, CliRun.of("train", "--precision", "mixed_float16", "--out", out.toString()).err());
    assertEquals(
        refused,
        CliRun.of("compare", "--precision", "mixed_float16", "--out", out.toString()).err());
    assertFalse(Files.exists(out));
  }

  @Test
  void resumingAFolderThatIsNotARunNamesIt() {
    assertEquals(
        "error: Not a run folder (no config.json): " + dir + System.lineSeparator(),
        CliRun.of("train", "--resume", dir.toString()).err());
  }

  @Test
  void anUnknownOptimizerIsRefusedBeforeAnyFolderIsMade() {
    Path out = dir.resolve("new");
    assertEquals(
        "error: unknown optimizer 'adamw'; valid: sgd, adam, adamax, nadam, adagrad, adadelta, ftrl, rmsprop, "
            + "gc-sgd, gc-adam, gc-adamax, gc-nadam, gc-adagrad, gc-adadelta, gc-ftrl, gc-rmsprop, "
            + "gcc-sgd, gcc-adam, gcc-adamax, gcc-nadam, gcc-adagrad, gcc-adadelta, gcc-ftrl, gcc-rmsprop"
            + System.lineSeparator(),
        CliRun.of("train", "--optimizer", "adamw", "--out", out.toString()).err());
    assertFalse(Files.exists(out));
  }

  @Test
  void settingsAnOptimizerDoesNotTakeAreRefusedBeforeAnyFolderIsMade() {
    Path out = dir.resolve("new");
    assertEquals(
        "error: momentum applies to sgd and rmsprop, not to adam" + System.lineSeparator(),
        CliRun.of("train", "--optimizer", "gc-adam", "--momentum", "0.9", "--out", out.toString())
            .err());
    assertEquals(
        "error: nesterov applies to sgd, not to rmsprop" + System.lineSeparator(),
        CliRun.of("train", "--optimizer", "rmsprop", "--nesterov", "--out", out.toString()).err());
    assertEquals(
        "error: Cannot accept both clipnorm and global_clipnorm" + System.lineSeparator(),
        CliRun.of("train", "--clipnorm", "1", "--global-clipnorm", "1", "--out", out.toString())
            .err());
    assertEquals(
        "error: clipvalue must be > 0, got 0.0" + System.lineSeparator(),
        CliRun.of("train", "--clipvalue", "0", "--out", out.toString()).err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aResumedRunRefusesAChangedOptimizerSetting() {
    RunFolder recorded = RunFolder.create(dir.resolve("sgd-run"));
    recorded.writeConfig(
        new RunConfig(
            "gcc-sgd",
            4,
            128,
            1e-2f,
            1337,
            128,
            dir.toString(),
            false,
            null,
            0.9f,
            true,
            null,
            1f,
            null,
            null,
            null,
            "float32"));
    String run = recorded.dir().toString();
    String rest = "; a resumed run keeps its configuration" + System.lineSeparator();
    assertEquals(
        "error: --momentum 0.5 differs from the run's recorded 0.9" + rest,
        CliRun.of("train", "--resume", run, "--momentum", "0.5").err());
    assertEquals(
        "error: --clipnorm 2.0 differs from the run's recorded 1.0" + rest,
        CliRun.of("train", "--resume", run, "--clipnorm", "2").err());
    assertEquals(
        "error: --clipvalue 1.0 differs from the run's recorded null" + rest,
        CliRun.of("train", "--resume", run, "--clipvalue", "1").err());
    assertEquals(
        "error: --learning-rate 0.1 differs from the run's recorded 0.01" + rest,
        CliRun.of("train", "--resume", run, "--learning-rate", "0.1").err());
  }

  @Test
  void exportRefusesAnExistingTargetAndAFolderWithoutCheckpoints() {
    Path run = recordedRun();
    assertEquals(
        "error: Export folder already exists: " + dir + System.lineSeparator(),
        CliRun.of("export", run.toString(), "--out", dir.toString()).err());
    Path out = dir.resolve("exported");
    assertEquals(
        "error: No complete checkpoint in " + run + System.lineSeparator(),
        CliRun.of("export", run.toString(), "--out", out.toString()).err());
    Path empty = dir.resolve("empty");
    assertEquals(
        "error: Not a run folder (no config.json): " + empty + System.lineSeparator(),
        CliRun.of("export", empty.toString(), "--out", out.toString()).err());
    assertFalse(Files.exists(out));
  }
}
