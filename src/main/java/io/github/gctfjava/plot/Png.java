package io.github.gctfjava.plot;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes pictures as PNG files, the one way every chart, grid and notebook figure is saved. */
public final class Png {
  private Png() {}

  /**
   * Writes {@code image} to {@code file}, creating the file's folder if needed.
   *
   * @throws PlotException naming {@code file} when it cannot be written
   */
  public static void write(RenderedImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer for " + file);
      }
    } catch (IOException e) {
      throw new PlotException(file, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
