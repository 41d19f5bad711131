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
    run.writeConfig(new RunConfig("gc-rmsprop", 4, 128, 1e-4f, 1337, 128, dir.toString(), false, null, null, null));
    return run.dir();
  }

  @Test
  void aResumedRunKeepsItsRecordedConfiguration() {
    Path run = recordedRun();
    CliRun seed = CliRun.of("train", "--resume", run.toString(), "--seed", "5");
    assertEquals(1, seed.exitCode());
    assertEquals("error: --seed 5 differs from the run's recorded 1337; a resumed run keeps its configuration"
        + System.lineSeparator(), seed.err());
    assertEquals("error: --optimizer rmsprop differs from the run's recorded gc-rmsprop; a resumed run keeps its"
        + " configuration" + System.lineSeparator(),
        CliRun.of("train", "--resume", run.toString(), "--optimizer", "rmsprop").err());
    assertEquals("error: --out and --resume exclude each other: a resumed run stays in its folder"
        + System.lineSeparator(), CliRun.of("train", "--resume", run.toString(), "--out", "x").err());
  }

  @Test
  void resumingAFolderThatIsNotARunNamesIt() {
    assertEquals("error: Not a run folder (no config.json): " + dir + System.lineSeparator(),
        CliRun.of("train", "--resume", dir.toString()).err());
  }

  @Test
  void anUnknownOptimizerIsRefusedBeforeAnyFolderIsMade() {
    Path out = dir.resolve("new");
    assertEquals("error: --optimizer must be rmsprop or gc-rmsprop, got 'adam'" + System.lineSeparator(),
        CliRun.of("train", "--optimizer", "adam", "--out", out.toString()).err());
    assertFalse(Files.exists(out));
  }

  @Test
  void exportRefusesAnExistingTargetAndAFolderWithoutCheckpoints() {
    Path run = recordedRun();
    assertEquals("error: Export folder already exists: " + dir + System.lineSeparator(),
        CliRun.of("export", run.toString(), "--out", dir.toString()).err());
    Path out = dir.resolve("exported");
    assertEquals("error: No complete checkpoint in " + run + System.lineSeparator(),
        CliRun.of("export", run.toString(), "--out", out.toString()).err());
    Path empty = dir.resolve("empty");
    assertEquals("error: Not a run folder (no config.json): " + empty + System.lineSeparator(),
        CliRun.of("export", empty.toString(), "--out", out.toString()).err());
    assertFalse(Files.exists(out));
  }
}
