package io.github.gctfjava.notebook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * What one cell printed and displayed, as nbformat outputs in the order they came: consecutive text
 * of one stream is one {@code stream} output (as Jupyter merges it), an image is a {@code
 * display_data} with {@code image/png}, as the Java kernels render images.
 */
final class CellOutputs {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ArrayNode outputs = NODES.arrayNode();

  synchronized void stream(String name, String text) {
    if (text.isEmpty()) {
      return;
    }
    int last = outputs.size() - 1;
    if (last >= 0
        && "stream".equals(outputs.get(last).path("output_type").asText())
        && name.equals(outputs.get(last).path("name").asText())) {
      ObjectNode previous = (ObjectNode) outputs.get(last);
      previous.set("text", Notebook.multiline(Notebook.joined(previous.get("text")) + text));
      return;
    }
    ObjectNode output = outputs.addObject();
    output.put("name", name);
    output.put("output_type", "stream");
    output.set("text", Notebook.multiline(text));
  }

  synchronized void display(Object o) {
    ObjectNode output = outputs.addObject();
    output.set("data", data(o));
    output.set("metadata", NODES.objectNode());
    output.put("output_type", "display_data");
  }

  /** The value of a cell's last expression, as the kernels show it ({@code Out[n]}). */
  synchronized void executeResult(int executionCount, String text) {
    ObjectNode output = outputs.addObject();
    output.set("data", NODES.objectNode().set("text/plain", Notebook.multiline(text)));
    output.put("execution_count", executionCount);
    output.set("metadata", NODES.objectNode());
    output.put("output_type", "execute_result");
  }

  synchronized ArrayNode toJson() {
    return outputs.deepCopy();
  }

  private static ObjectNode data(Object o) {
    ObjectNode data = NODES.objectNode();
    if (o instanceof RenderedImage image) {
      data.put("image/png", Base64.getEncoder().encodeToString(png(image)));
      // A short stand-in for clients without images; toString() would carry a changing hash.
      data.set(
          "text/plain",
          Notebook.multiline(
              "<"
                  + o.getClass().getSimpleName()
                  + " "
                  + image.getWidth()
                  + "x"
                  + image.getHeight()
                  + ">"));
    } else {
      data.set("text/plain", Notebook.multiline(String.valueOf(o)));
    }
    return data;
  }

  private static byte[] png(RenderedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer for a " + image.getClass().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the image as PNG: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }
}
