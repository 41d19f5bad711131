package io.github.gctfjava.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** A grid of images with their labels, for a person to look at (the example's sample plots). */
public final class ImageGrid {
  private static final int CAPTION_HEIGHT = 22;

  private ImageGrid() {}

  /**
   * Draws up to {@code count} images of a batch in rows of {@code columns}.
   *
   * @param images float32 (n, h, w, 3) in [0, 1]
   * @param labels int64 (n), drawn as {@code labelNames.get(label)}
   */
  public static BufferedImage of(
      TFloat32 images, TInt64 labels, List<String> labelNames, int count, int columns) {
    int n = (int) Math.min(count, images.shape().get(0));
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    int rows = (n + columns - 1) / columns;
    float[] pixels = new float[(int) images.shape().size()];
    images.copyTo(DataBuffers.of(pixels));
    BufferedImage grid =
        new BufferedImage(columns * w, rows * (h + CAPTION_HEIGHT), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    for (int i = 0; i < n; i++) {
      int x0 = (i % columns) * w;
      int y0 = (i / columns) * (h + CAPTION_HEIGHT);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = ((i * h + y) * w + x) * 3;
          grid.setRGB(
              x0 + x,
              y0 + CAPTION_HEIGHT + y,
              (byte8(pixels[p]) << 16) | (byte8(pixels[p + 1]) << 8) | byte8(pixels[p + 2]));
        }
      }
      g.setColor(Color.BLACK);
      g.drawString(labelNames.get((int) labels.getLong(i)), x0 + 6, y0 + CAPTION_HEIGHT - 6);
    }
    g.dispose();
    return grid;
  }

  private static int byte8(float unit) {
    return Math.max(0, Math.min(255, Math.round(unit * 255f)));
  }
}
