package io.github.gctfjava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/**
 * The real train split, when system property {@code hoh.data} (Maven sets it from {@code
 * $HOH_DATA}) names a folder holding it; skipped otherwise.
 */
class HorsesOrHumansRealDataTest {
  @Test
  void loadsTheRealTrainSplit() throws IOException {
    String property = System.getProperty("hoh.data", "");
    Assumptions.assumeTrue(
        !property.isBlank() && Files.isDirectory(Path.of(property)),
        "hoh.data does not name a folder: " + property);
    Path dir = Path.of(property);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    LoadOptions options =
        LoadOptions.of(dir).withLog(new PrintStream(log, true, StandardCharsets.UTF_8));

    long start = System.nanoTime();
    try (LoadedDataset data = HorsesOrHumans.load(options)) {
      System.out.printf(
          Locale.ROOT,
          "Read and decoded %d real images in %.2f s%n",
          data.train().size(),
          (System.nanoTime() - start) / 1e9);
      ImageSplit train = data.train();
      assertEquals(Shape.of(1027, 300, 300, 3), train.images().shape());
      assertEquals(500, train.count(0));
      assertEquals(527, train.count(1));
      assertEquals(
          List.of("Image shape: (300, 300, 3)", "Training images: 1027", "Test images: 0"),
          data.info().exampleLines());
      if (!Files.exists(dir.resolve("test"))
          && !Files.exists(dir.resolve("validation-horse-or-human.zip"))) {
        assertTrue(data.test().isEmpty());
        assertTrue(
            log.toString(StandardCharsets.UTF_8).startsWith("Test split not found in " + dir),
            log.toString());
      }
      // TFDS's order, computed independently in Python from MD5(b"train" + name).
      assertEquals(
          List.of(
              "horses/horse44-4.png",
              "horses/horse38-5.png",
              "horses/horse25-0.png",
              "horses/horse47-1.png",
              "horses/horse42-6.png",
              "horses/horse14-1.png",
              "horses/horse41-8.png",
              "humans/human04-09.png",
              "humans/human02-13.png",
              "humans/human06-16.png"),
          train.fileNames().subList(0, 10));
      assertMatchesImageIo(dir.resolve("train").resolve(train.fileNames().get(0)), train, 0);
      try (ImageSplit first = train.take(10)) {
        assertEquals(7, first.count(0), "take(10) mixes the classes");
        assertEquals(3, first.count(1));
        assertMatchesImageIo(dir.resolve("train").resolve(first.fileNames().get(9)), first, 9);
      }
    }
  }

  /** TF's pixels equal javax.imageio's for the same file, alpha dropped. */
  private static void assertMatchesImageIo(Path file, ImageSplit split, int index)
      throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int[] rgba = image.getRaster().getPixel(x, y, (int[]) null);
        for (int c = 0; c < 3; c++) {
          assertEquals(
              rgba[c],
              split.images().getByte(index, y, x, c) & 0xFF,
              file + " at y=" + y + " x=" + x);
        }
      }
    }
  }
}
