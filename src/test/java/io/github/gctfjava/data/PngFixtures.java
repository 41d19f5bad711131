package io.github.gctfjava.data;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.tensorflow.types.TUint8;

/**
 * Test images written with javax.imageio, each with a known pixel pattern, and the uint8 RGB values
 * TF must decode them to.
 */
final class PngFixtures {
  static final int SIZE = 300;

  private PngFixtures() {}

  /** The kinds of PNG the loader must accept, each with the RGB it must decode to. */
  enum Kind {
    /** 8-bit RGB: R = x, G = y, B = x + 2y (mod 256). */
    RGB,
    /**
     * 8-bit RGBA, same RGB as {@link #RGB}, alpha = 3x mod 256 (includes 0): alpha is dropped, not
     * composited.
     */
    RGBA,
    /** 8-bit grey = x + y (mod 256), repeated into R, G and B. */
    GREY,
    /** 16-bit grey = 200x + y: TF keeps the high byte, (200x + y) >> 8. */
    GREY16,
    /**
     * 16-bit RGB = (257x, 0x12FF, 0x00FF) (x mod 256): high bytes (x, 0x12, 0x00); scaling would
     * give 0x13, 0x01.
     */
    RGB16;

    int[] expectedRgb(int x, int y) {
      return switch (this) {
        case RGB, RGBA -> new int[] {x & 0xFF, y & 0xFF, (x + 2 * y) & 0xFF};
        case GREY -> grey((x + y) & 0xFF);
        case GREY16 -> grey((200 * x + y) >> 8);
        case RGB16 -> new int[] {x & 0xFF, 0x12, 0x00};
      };
    }

    private static int[] grey(int v) {
      return new int[] {v, v, v};
    }
  }

  static byte[] png(Kind kind) {
    return encode(image(kind, SIZE, SIZE));
  }

  static BufferedImage image(Kind kind, int width, int height) {
    BufferedImage image =
        switch (kind) {
          case RGB -> new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
          case RGBA -> new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
          case GREY -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
          case GREY16 -> new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
          case RGB16 -> {
            ComponentColorModel model =
                new ComponentColorModel(
                    ColorSpace.getInstance(ColorSpace.CS_sRGB),
                    false,
                    false,
                    Transparency.OPAQUE,
                    DataBuffer.TYPE_USHORT);
            yield new BufferedImage(
                model, model.createCompatibleWritableRaster(width, height), false, null);
          }
        };
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        switch (kind) {
          case RGB -> image.setRGB(x, y, rgb(kind.expectedRgb(x, y)));
          case RGBA -> image.setRGB(x, y, ((3 * x) & 0xFF) << 24 | rgb(kind.expectedRgb(x, y)));
          case GREY -> raster.setSample(x, y, 0, (x + y) & 0xFF);
          case GREY16 -> raster.setSample(x, y, 0, (200 * x + y) & 0xFFFF);
          case RGB16 -> raster.setPixel(x, y, new int[] {257 * (x & 0xFF), 0x12FF, 0x00FF});
        }
      }
    }
    return image;
  }

  /**
   * A {@code width x height} RGB image whose every channel of column x is {@code columnValue(x)}.
   */
  static byte[] columnRamp(int width, int height, IntUnaryOperator columnValue) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = columnValue.applyAsInt(x);
        image.setRGB(x, y, rgb(new int[] {v, v, v}));
      }
    }
    return encode(image);
  }

  static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer for " + image);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code files} (relative name to content) under {@code dir}. */
  static void writeTree(Path dir, Map<String, byte[]> files) {
    try {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.write(path, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zip archive of {@code files} (entry name to content), in memory. */
  static byte[] zip(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Where image {@code index} of {@code images} differs from {@code kind}'s pattern, or null when
   * it does not.
   */
  static String firstMismatch(TUint8 images, int index, Kind kind) {
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int[] want = kind.expectedRgb(x, y);
        for (int c = 0; c < 3; c++) {
          int got = images.getByte(index, y, x, c) & 0xFF;
          if (got != want[c]) {
            return kind + " at (y=" + y + ", x=" + x + ", c=" + c + "): got " + got + ", want "
                + want[c];
          }
        }
      }
    }
    return null;
  }

  private static int rgb(int[] rgb) {
    return rgb[0] << 16 | rgb[1] << 8 | rgb[2];
  }
}
