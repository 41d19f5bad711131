package io.github.gctfjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.export.SavedModelExport;
import io.github.gctfjava.layers.Conv2D;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.training.Sequential;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

/** {@code predict} on a small exported model: its output format and its one-line errors. */
class PredictCommandTest {
  @TempDir static Path dir;
  private static Path model;
  private static Path png;

  private static Sequential tiny() {
    return new Sequential(
        "tiny",
        Shape.of(8, 8, 3),
        List.of(new Conv2D(2, 3, "relu"), new Flatten(), new Dense(1, "sigmoid")));
  }

  @BeforeAll
  static void exportATinyModel() throws IOException {
    model = dir.resolve("saved_model");
    try (Sequential trained = tiny()) {
      trained.setSeed(3);
      SavedModelExport.export(trained, PredictCommandTest::tiny, model);
    }
    BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 4, 0x336699);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    png = Files.write(dir.resolve("wide.png"), bytes.toByteArray());
  }

  @Test
  void printsOneLabelAndProbabilityPerFile() {
    CliRun run = CliRun.of("predict", "--model", model.toString(), png.toString(), png.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());
    assertTrue(
        lines.get(0).matches("\\Q" + png + "\\E: (horses|humans) \\(p_humans=0\\.\\d{8}\\)"),
        lines.get(0));
    assertEquals(lines.get(0), lines.get(1), "the same file twice gives the same output");
  }

  @Test
  void aFolderThatIsNotASavedModelIsOneLineNamingIt() {
    CliRun run = CliRun.of("predict", "--model", dir.toString(), png.toString());
    assertEquals(1, run.exitCode());
    assertEquals(
        "error: Not a SavedModel (no saved_model.pb): " + dir + System.lineSeparator(), run.err());
  }

  @Test
  void aFileThatIsNotAnImageIsOneLineNamingIt() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    CliRun run = CliRun.of("predict", "--model", model.toString(), png.toString(), text.toString());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.out().lines().count(), "the image before it was classified");
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("error: Cannot decode " + text + " as an image: "), run.err());
  }

  @Test
  void aMissingFileOrAFolderIsOneLineNamingIt() {
    Path missing = dir.resolve("missing.png");
    assertEquals(
        "error: No such file: " + missing + System.lineSeparator(),
        CliRun.of("predict", "--model", model.toString(), missing.toString()).err());
    assertEquals(
        "error: Not an image file but a folder: " + dir + System.lineSeparator(),
        CliRun.of("predict", "--model", model.toString(), dir.toString()).err());
  }
}
