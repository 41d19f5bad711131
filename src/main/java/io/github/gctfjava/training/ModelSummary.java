package io.github.gctfjava.training;

import io.github.gctfjava.layers.Layer;
import io.github.gctfjava.utils.PythonTuple;
import java.util.List;
import java.util.Locale;
import org.tensorflow.ndarray.Shape;

/** The table of Keras's {@code model.summary()} for a Sequential model (TF 2.5's layout). */
final class ModelSummary {
  private static final int LINE_LENGTH = 65;
  private static final int[] COLUMN_ENDS = {29, 55, 65};

  private ModelSummary() {}

  static String of(Sequential model) {
    StringBuilder out = new StringBuilder();
    out.append("Model: \"").append(model.name()).append("\"\n");
    out.append("_".repeat(LINE_LENGTH)).append('\n');
    out.append(row("Layer (type)", "Output Shape", "Param #"));
    out.append("=".repeat(LINE_LENGTH)).append('\n');
    List<Layer> layers = model.layers();
    Shape shape = model.batchInputShape();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      long params = layer.countParams(shape);
      shape = layer.computeOutputShape(shape);
      out.append(
          row(
              layer.name() + " (" + layer.getClass().getSimpleName() + ")",
              PythonTuple.of(shape),
              Long.toString(params)));
      out.append((i == layers.size() - 1 ? "=" : "_").repeat(LINE_LENGTH)).append('\n');
    }
    long total = model.countParams();
    out.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    out.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total));
    out.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", 0));
    out.append("_".repeat(LINE_LENGTH)).append('\n');
    return out.toString();
  }

  /** Keras's print_row: each field cut to its column, the previous one's last char a space. */
  private static String row(String... fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.setLength(line.length() - 1);
        line.append(' ');
      }
      line.append(fields[i]);
      line.setLength(Math.min(line.length(), COLUMN_ENDS[i]));
      line.append(" ".repeat(COLUMN_ENDS[i] - line.length()));
    }
    return line.append('\n').toString();
  }
}
