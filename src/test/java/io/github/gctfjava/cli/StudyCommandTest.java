package io.github.gctfjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code study} refuses before any data is loaded or folder made. */
class StudyCommandTest {
  @TempDir Path dir;

  @Test
  void aStudyNeedsTwoDistinctSeeds() {
    Path out = dir.resolve("study");
    assertEquals(
        "error: --seeds 1: a study needs at least 2 distinct seeds for its confidence intervals"
            + System.lineSeparator(),
        CliRun.of("study", "--seeds", "1", "--out", out.toString()).err());
    assertEquals(
        "error: --seed-list [3, 3]: a study needs at least 2 distinct seeds for its confidence intervals"
            + System.lineSeparator(),
        CliRun.of("study", "--seed-list", "3,3", "--out", out.toString()).err());
    assertEquals(
        "error: --seeds 0: a study needs at least 2 distinct seeds for its confidence intervals"
            + System.lineSeparator(),
        CliRun.of("study", "--seeds", "0", "--out", out.toString()).err());
    assertFalse(Files.exists(out));
  }
}
