package io.github.gctfjava.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.cli.Main;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code compare --plot FILE.png}: the notebook's chart for command-line users, after a tiny run.
 */
class ComparePlotTest {
  @TempDir Path dir;

  @Test
  void compareDrawsBothRunsCurvesToThePng() throws IOException {
    Path data = dir.resolve("data");
    for (String label : List.of("horses", "humans")) {
      Path folder = Files.createDirectories(data.resolve("train").resolve(label));
      for (int i = 0; i < 2; i++) {
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        image.setRGB(i, i, label.equals("horses") ? 0xFF0000 : 0x0000FF);
        ImageIO.write(image, "png", folder.resolve(label + "-" + i + ".png").toFile());
      }
    }
    Path png = dir.resolve("out/curves.png");
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "compare",
            "--data",
            data.toString(),
            "--epochs",
            "2",
            "--batch-size",
            "4",
            "--plot",
            png.toString(),
            "--out",
            png.resolveSibling("runs").toString());

    assertEquals(0, exit, err.toString());
    BufferedImage chart = ImageIO.read(png.toFile());
    assertEquals(List.of(900, 500), List.of(chart.getWidth(), chart.getHeight()));
    int blue = 0;
    int orange = 0;
    for (int y = 0; y < chart.getHeight(); y++) {
      for (int x = 0; x < chart.getWidth(); x++) {
        int rgb = chart.getRGB(x, y) & 0xFFFFFF;
        blue += rgb == 0x1f77b4 ? 1 : 0;
        orange += rgb == 0xff7f0e ? 1 : 0;
      }
    }
    // On such data both runs may draw the same curves, GCRMSprop's (orange) over RMSprop's (blue):
    // the legend shows both colours, the curves at least one.
    assertTrue(
        blue > 20 && orange > 20 && blue + orange > 300,
        "RMSprop (blue) and GCRMSprop (orange) in the chart: " + blue + ", " + orange);
  }
}
