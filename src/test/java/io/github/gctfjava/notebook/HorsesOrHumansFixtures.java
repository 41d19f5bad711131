package io.github.gctfjava.notebook;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A stand-in for horses_or_humans: a train split of 300x300 RGB PNGs, horses reddish, humans
 * bluish.
 */
final class HorsesOrHumansFixtures {
  private HorsesOrHumansFixtures() {}

  /**
   * Writes {@code perClass} images of each class under {@code dir/train/} and returns {@code dir}.
   */
  static Path write(Path dir, int perClass) throws IOException {
    for (String label : new String[] {"horses", "humans"}) {
      Path folder = Files.createDirectories(dir.resolve("train").resolve(label));
      for (int i = 0; i < perClass; i++) {
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
          for (int x = 0; x < 300; x++) {
            int shade = (x + y + 37 * i) & 0xFF;
            image.setRGB(
                x,
                y,
                label.equals("horses") ? shade << 16 | (y & 0xFF) << 8 : (x & 0xFF) << 8 | shade);
          }
        }
        ImageIO.write(
            image, "png", folder.resolve(label.substring(0, 5) + "-" + i + ".png").toFile());
      }
    }
    return dir;
  }
}
