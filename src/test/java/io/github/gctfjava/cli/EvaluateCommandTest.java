package io.github.gctfjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} of a run folder: the figures fit reported for its last epoch, and the confusion
 * counts.
 */
class EvaluateCommandTest {
  @TempDir static Path dir;
  private static Path run;

  /**
   * 2 horses and 4 humans, 2 frames each subject; a run of one epoch holding out half the subjects.
   */
  @BeforeAll
  static void trainARun() throws IOException {
    Path data = dir.resolve("data");
    int n = 0;
    for (String subject :
        List.of("horse01", "horse02", "human01", "human02", "human03", "human04")) {
      String folder = subject.startsWith("horse") ? "horses" : "humans";
      for (int frame = 0; frame < 2; frame++, n++) {
        Path file = data.resolve("train").resolve(folder).resolve(subject + "-" + frame + ".png");
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
          for (int x = 0; x < 300; x++) {
            image.setRGB(x, y, (x & 0xFF) << 16 | (y & 0xFF) << 8 | (30 * n) & 0xFF);
          }
        }
        assertTrue(ImageIO.write(image, "png", file.toFile()));
      }
    }
    run = dir.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            data.toString(),
            "--epochs",
            "1",
            "--batch-size",
            "3",
            "--validation-split",
            "0.5",
            "--out",
            run.toString());
    assertEquals(0, train.exitCode(), train.err());
  }

  @Test
  void aRunFolderIsEvaluatedOnItsHoldOutAsFitDid() throws IOException {
    CliRun evaluate = CliRun.of("evaluate", run.toString());
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    JsonNode history = new ObjectMapper().readTree(run.resolve("history.json").toFile());
    List<String> lines = evaluate.out().lines().toList();
    // The same weights and images; only the batching of the float32 means differs (3 vs 128).
    assertEquals(
        history.get("val_loss").get(0).asDouble(),
        Double.parseDouble(field(lines, "loss: ")),
        1e-5);
    assertEquals(
        history.get("val_accuracy").get(0).asDouble(),
        Double.parseDouble(field(lines, "accuracy: ")),
        1e-6);
    // Half of each class's subjects, 2 frames each: 1 horse and 2 humans.
    assertEquals("6", field(lines, "images: "));
    long[] horses = counts(lines, "true horses");
    long[] humans = counts(lines, "true humans");
    assertEquals(2, horses[0] + horses[1]);
    assertEquals(4, humans[0] + humans[1]);
    double accuracy = (horses[0] + humans[1]) / 6.0;
    assertEquals(accuracy, Double.parseDouble(field(lines, "accuracy: ")), 1e-6);
  }

  @Test
  void aMissingTestSplitIsNamed() {
    CliRun evaluate = CliRun.of("evaluate", run.toString(), "--split", "test");
    assertEquals(1, evaluate.exitCode());
    assertTrue(
        evaluate.err().startsWith("error: --split test: the data folder has no test split"),
        evaluate.err());
  }

  @Test
  void aFolderThatIsNoModelIsNamed() {
    Path empty = dir.resolve("empty");
    CliRun evaluate = CliRun.of("evaluate", empty.toString());
    assertEquals(
        "error: Not a SavedModel (no saved_model.pb): " + empty + System.lineSeparator(),
        evaluate.err());
  }

  private static String field(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in " + lines))
        .substring(prefix.length());
  }

  private static long[] counts(List<String> lines, String row) {
    String[] fields = field(lines, row).trim().split("\\s+");
    return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
  }
}
