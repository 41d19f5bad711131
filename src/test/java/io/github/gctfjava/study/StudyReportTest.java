package io.github.gctfjava.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.export.RunConfig;
import io.github.gctfjava.export.RunFolder;
import io.github.gctfjava.export.RunHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's tables from run folders written by hand: five seeds, RMSprop's held-out accuracy 0.5
 * and loss 0.7 on every seed, GCRMSprop's chosen so that the paired differences are those of {@link
 * PairedDifferenceTest} (accuracy +0.1, -0.05, +0.2, 0, +0.15; loss their negatives).
 */
class StudyReportTest {
  private static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);
  private static final double[] GC_VAL_ACCURACY = {0.6, 0.45, 0.7, 0.5, 0.65};
  private static final double[] GC_VAL_LOSS = {0.6, 0.75, 0.5, 0.7, 0.55};

  @TempDir Path dir;

  private static StudyPlan plan() {
    return new StudyPlan(
        List.of("rmsprop", "gc-rmsprop"),
        SEEDS,
        2,
        128,
        1e-4f,
        null,
        "/data",
        false,
        0.2,
        "test machine");
  }

  /**
   * Two epochs of 10 and 12 seconds; the last one's figures as given, the first one's held-out
   * accuracy 0.25.
   */
  private static RunHistory history(
      double loss, double accuracy, double valLoss, double valAccuracy) {
    return new RunHistory(
        List.of(
            new RunHistory.Epoch(0, 0.9, 0.4, 0.95, 0.25, 10.0),
            new RunHistory.Epoch(1, loss, accuracy, valLoss, valAccuracy, 12.0)));
  }

  private static void writeRun(Study study, long seed, String optimizer, RunHistory history) {
    RunFolder run = RunFolder.create(study.runDir(seed, optimizer));
    run.writeConfig(
        new RunConfig(
            optimizer,
            2,
            128,
            1e-4f,
            seed,
            null,
            "/data",
            false,
            "fair",
            null,
            false,
            null,
            null,
            null,
            0.2,
            "held out for seed " + seed,
            "float32"));
    run.writeHistory(history);
  }

  private Study finishedStudy() {
    Study study = Study.create(dir.resolve("study"), plan());
    for (int s = 0; s < SEEDS.size(); s++) {
      writeRun(study, SEEDS.get(s), "rmsprop", history(0.6, 0.7, 0.7, 0.5));
      writeRun(
          study,
          SEEDS.get(s),
          "gc-rmsprop",
          history(0.55, 0.75, GC_VAL_LOSS[s], GC_VAL_ACCURACY[s]));
    }
    return study;
  }

  private static String row(String text, String start) {
    return text.lines()
        .filter(line -> line.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with " + start + " in\n" + text));
  }

  private static List<String> cells(String row) {
    String[] parts = row.split("\\|");
    return Arrays.stream(parts, 1, parts.length).map(String::strip).toList();
  }

  @Test
  void perSeedRowsHoldTheLastEpochAndTheTotalTime() {
    String tables = StudyReport.of(finishedStudy()).tables();
    assertEquals(
        List.of(
            "1", "0.6000", "0.7000", "0.7000", "0.5000", "22.0", "0.5500", "0.7500", "0.6000",
            "0.6000", "22.0"),
        cells(row(tables, "| 1 |")));
    assertEquals(
        List.of(
            "3", "0.6000", "0.7000", "0.7000", "0.5000", "22.0", "0.5500", "0.7500", "0.5000",
            "0.7000", "22.0"),
        cells(row(tables, "| 3 |")));
  }

  /**
   * Mean and sample sd over seeds: GC's held-out accuracy 0.58 ± 0.1037 (sd sqrt(0.043 / 4)),
   * RMSprop's 0.5 ± 0.
   */
  @Test
  void meanAndSampleSdRow() {
    String tables = StudyReport.of(finishedStudy()).tables();
    assertEquals(
        List.of(
            "mean ± sd",
            "0.6000 ± 0.0000",
            "0.7000 ± 0.0000",
            "0.7000 ± 0.0000",
            "0.5000 ± 0.0000",
            "22.0 ± 0.0",
            "0.5500 ± 0.0000",
            "0.7500 ± 0.0000",
            "0.6200 ± 0.1037",
            "0.5800 ± 0.1037",
            "22.0 ± 0.0"),
        cells(row(tables, "| mean ± sd |")));
  }

  /**
   * Accuracy: mean +0.08, sd 0.1037, 95% CI 0.08 ± 2.7764451 x 0.10368 / sqrt(5) = [-0.0487,
   * +0.2087], won on 3 seeds, 1 tied. Loss: the mirror image, lower wins, again 3 won and 1 tied.
   */
  @Test
  void pairedDifferenceRowsWithIntervalAndSeedsWon() {
    String tables = StudyReport.of(finishedStudy()).tables();
    assertTrue(
        tables.contains(
            "Paired difference gc-rmsprop − rmsprop over 5 seeds (95% confidence interval of"
                + " the mean from Student's t, 4 degrees of freedom)"),
        tables);
    assertEquals(
        List.of("held-out accuracy", "+0.0800", "0.1037", "[-0.0487, +0.2087]", "3 of 5 (1 tied)"),
        cells(row(tables, "| held-out accuracy |")));
    assertEquals(
        List.of("held-out loss", "-0.0800", "0.1037", "[-0.2087, +0.0487]", "3 of 5 (1 tied)"),
        cells(row(tables, "| held-out loss |")));
    assertEquals(
        List.of("train accuracy", "+0.0500", "0.0000", "[+0.0500, +0.0500]", "5 of 5"),
        cells(row(tables, "| train accuracy |")));
    assertEquals(
        List.of("train loss", "-0.0500", "0.0000", "[-0.0500, -0.0500]", "5 of 5"),
        cells(row(tables, "| train loss |")));
  }

  @Test
  void writeLeavesTheReportAndThePicture() throws IOException {
    Study study = finishedStudy();
    String text = StudyReport.of(study).write();
    assertEquals(text, Files.readString(study.dir().resolve(StudyReport.REPORT)));
    assertTrue(text.contains(StudyReport.of(study).tables()), "the report holds the tables");
    assertTrue(text.contains("- seed 3: held out for seed 3"), "what each seed held out");
    assertTrue(text.contains("test machine"), "the machine");
    byte[] png = Files.readAllBytes(study.dir().resolve(StudyReport.CHART));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
  }

  @Test
  void aStudyWithAnUnfinishedRunHasNoReport() {
    Study study = Study.create(dir.resolve("study"), plan());
    writeRun(study, 1, "rmsprop", history(0.6, 0.7, 0.7, 0.5));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> StudyReport.of(study));
    assertEquals("the run " + study.runDir(1, "gc-rmsprop") + " has not finished", e.getMessage());
  }
}
