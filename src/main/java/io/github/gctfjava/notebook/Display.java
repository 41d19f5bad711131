package io.github.gctfjava.notebook;

import io.github.gctfjava.plot.Png;
import java.awt.image.RenderedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The notebook's {@code display(Object)} outside a Jupyter kernel (IJava and JJava define their
 * own). The notebook runner and the generated JShell script both declare {@code String
 * display(Object o) { return io.github.gctfjava.notebook.Display.display(o); }}, so the notebook's
 * code is the same everywhere. The runner is test code (src/test); this class ships because the
 * script calls it.
 *
 * <p>While the notebook runner runs, what is displayed becomes the cell's output. In a plain
 * JShell, which cannot show pictures, an image is saved as {@code figure-N.png} in the working
 * folder and anything else is printed.
 */
public final class Display {
  private static final AtomicInteger FIGURES = new AtomicInteger();
  private static volatile Consumer<Object> sink;

  private Display() {}

  /**
   * Shows {@code o}: an image as a picture, anything else as its text.
   *
   * @return an id for the displayed output, as the kernels' {@code display} returns one
   */
  public static String display(Object o) {
    Consumer<Object> current = sink;
    int n = FIGURES.incrementAndGet();
    if (current != null) {
      current.accept(o);
    } else if (o instanceof RenderedImage image) {
      Path file = Path.of("figure-" + n + ".png");
      Png.write(image, file.toAbsolutePath());
      System.out.println("(figure saved to " + file.toAbsolutePath() + ")");
    } else {
      System.out.println(o);
    }
    return "display-" + n;
  }

  /** Routes displays to {@code newSink} (the runner's current cell), or back to files when null. */
  static void setSink(Consumer<Object> newSink) {
    sink = newSink;
  }
}
