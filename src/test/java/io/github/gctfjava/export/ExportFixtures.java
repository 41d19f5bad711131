package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Augmentation;
import io.github.gctfjava.layers.Conv2D;
import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Dropout;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.layers.MaxPooling2D;
import io.github.gctfjava.optimizers.GCRMSprop;
import io.github.gctfjava.training.History;
import io.github.gctfjava.training.Sequential;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Images and batches the export tests make for themselves. */
final class ExportFixtures {
  /** The example's Rescaling(1/255) as the graph computes it: x * (float) (1.0 / 255) + 0. */
  static final float SCALE = (float) (1.0 / 255);

  private ExportFixtures() {}

  /**
   * A small compiled model of the example's kinds of layer on the data set's 300x300 images: quick
   * to train.
   */
  static Sequential smallModel(long seed) {
    return smallModel(seed, graph -> new GCRMSprop(graph, 1e-2f));
  }

  /** The same model compiled with the optimizer {@code optimizer} creates on its graph. */
  static Sequential smallModel(long seed, Function<Graph, Optimizer> optimizer) {
    Sequential model =
        new Sequential(
            "small",
            Shape.of(300, 300, 3),
            List.of(
                new Conv2D(4, 3, "relu"),
                new MaxPooling2D(4),
                new Dropout(0.5),
                new Flatten(),
                new Dense(1, "sigmoid")));
    model.setSeed(seed);
    model.compile("binary_crossentropy", optimizer.apply(model.graph()), "accuracy");
    return model;
  }

  /** A width x height RGB image of seeded random pixels. */
  static BufferedImage randomImage(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The float32 [n, h, w, 3] batch the model gets for these images: RGB / 255 as the pipeline
   * scales it.
   */
  static TFloat32 rescaled(BufferedImage... images) {
    int h = images[0].getHeight();
    int w = images[0].getWidth();
    float[] values = new float[images.length * h * w * 3];
    int i = 0;
    for (BufferedImage image : images) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = image.getRGB(x, y);
          values[i++] = ((rgb >> 16) & 0xFF) * SCALE;
          values[i++] = ((rgb >> 8) & 0xFF) * SCALE;
          values[i++] = (rgb & 0xFF) * SCALE;
        }
      }
    }
    return TFloat32.tensorOf(Shape.of(images.length, h, w, 3), DataBuffers.of(values));
  }

  /**
   * Four seeded random 300x300 PNGs (horse, human, horse, human) under {@code dir/data/train},
   * loaded and prepared as augmented, shuffled batches of two: a training set small enough for
   * several fits in one test.
   */
  static final class FourImages implements AutoCloseable {
    private final LoadedDataset dataset;
    private final Sequential augmentation;
    final Pipeline trainDs;

    FourImages(Path dir) {
      for (int i = 0; i < 4; i++) {
        String name = (i % 2 == 0 ? "horses/horse" : "humans/human") + i + ".png";
        write(
            dir.resolve("data/train").resolve(name), encode(randomImage(300, 300, 10 + i), "png"));
      }
      dataset =
          HorsesOrHumans.load(
              LoadOptions.of(dir.resolve("data"))
                  .withDownload(false)
                  .withLog(new PrintStream(OutputStream.nullOutputStream())));
      augmentation = Augmentation.create();
      trainDs =
          Pipeline.prepare(dataset.train(), true, augmentation, new Pipeline.Options(2, 1024, 3));
    }

    @Override
    public void close() {
      trainDs.close();
      augmentation.close();
      dataset.close();
    }
  }

  /** What {@link #assertResumeMatchesStraightRun} trained, for further checks. */
  record Resumed(Checkpoint checkpoint, History fitHistory, RunHistory runHistory) {}

  /**
   * Trains {@code straight} for three epochs; {@code stopped} for two; then {@code resumed} from
   * the stopped run's latest checkpoint to three (BackupAndRestore keeping two checkpoints, in
   * {@code dir/straight} and {@code dir/interrupted}), and asserts that the resumed run ends with
   * the straight one's losses and weights, exactly.
   */
  static Resumed assertResumeMatchesStraightRun(
      Pipeline trainDs, Path dir, Sequential straight, Sequential stopped, Sequential resumed) {
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    BackupAndRestore straightBackup =
        new BackupAndRestore(dir.resolve("straight"), RunHistory.empty(), 2);
    History straightHistory = straight.fit(trainDs, 3, 0, 0, List.of(straightBackup), silent);

    Path backupDir = dir.resolve("interrupted");
    stopped.fit(
        trainDs, 2, 0, 0, List.of(new BackupAndRestore(backupDir, RunHistory.empty(), 2)), silent);
    Checkpoint checkpoint = BackupAndRestore.latest(backupDir, silent).orElseThrow();
    checkpoint.restore(resumed);
    BackupAndRestore resumedBackup = new BackupAndRestore(backupDir, checkpoint.history(), 2);
    History resumedHistory =
        resumed.fit(trainDs, 3, checkpoint.epoch(), 0, List.of(resumedBackup), silent);

    assertEquals(
        straightHistory.history().get("loss"),
        resumedBackup.history().epochs().stream().map(RunHistory.Epoch::loss).toList(),
        "losses, exactly");
    assertSameWeights(straight, resumed);
    return new Resumed(checkpoint, resumedHistory, resumedBackup.history());
  }

  /** Asserts that {@code actual} holds {@code expected}'s weights, bit for bit. */
  static void assertSameWeights(Sequential expected, Sequential actual) {
    try (Result a = expected.getWeights();
        Result b = actual.getWeights()) {
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(
            values((TFloat32) a.get(i)),
            values((TFloat32) b.get(i)),
            0f,
            "weight " + i + ", exactly");
      }
    }
  }

  static float[] values(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(values, false, false));
    return values;
  }
}
