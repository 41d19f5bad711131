package io.github.gctfjava.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Jupyter notebook (nbformat 4) as its JSON tree: the cells are read from it and the outputs of a
 * run are written into it, everything else (metadata, ids, attachments) is kept as it was. It is
 * written back the way Jupyter writes it (sorted keys, one-space indent), so a run changes only
 * outputs and execution counts in a diff.
 */
public final class Notebook {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode root;

  private Notebook(ObjectNode root) {
    this.root = root;
  }

  /**
   * One cell: its index among all cells, {@code code}, {@code markdown} or {@code raw}, its source.
   */
  public record Cell(int index, String type, String source) {
    public boolean isCode() {
      return "code".equals(type);
    }

    /** The first line that is not blank, for naming the cell in messages. */
    public String firstLine() {
      return source.lines().filter(line -> !line.isBlank()).findFirst().orElse("").strip();
    }
  }

  /**
   * Reads a notebook.
   *
   * @throws NotebookException naming the file when it is not an nbformat 4 notebook
   */
  public static Notebook read(Path file) {
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new NotebookException(file + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode root)
        || root.path("nbformat").asInt() != 4
        || !root.path("cells").isArray()) {
      throw new NotebookException(
          file + " is not an nbformat 4 notebook (no \"nbformat\": 4 with \"cells\")");
    }
    return new Notebook(root);
  }

  /** The cells, in order. */
  public List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    JsonNode nodes = root.get("cells");
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode cell = nodes.get(i);
      cells.add(new Cell(i, cell.path("cell_type").asText(), joined(cell.path("source"))));
    }
    return cells;
  }

  /** Replaces a code cell's outputs and execution count with those of a run. */
  void setOutputs(int cellIndex, ArrayNode outputs, int executionCount) {
    ObjectNode cell = (ObjectNode) root.get("cells").get(cellIndex);
    cell.set("outputs", outputs);
    cell.put("execution_count", executionCount);
  }

  /**
   * Records the Java version that ran the notebook, as the Java kernels do in {@code
   * language_info}.
   */
  void setLanguageVersion(String version) {
    JsonNode info = root.path("metadata").path("language_info");
    if (info instanceof ObjectNode languageInfo) {
      languageInfo.put("version", version);
    }
  }

  /** The notebook as Jupyter writes it: keys sorted, indent of one space, a final newline. */
  public String toJson() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(separators)
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    try {
      return JSON.writer(printer).writeValueAsString(sorted(root)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the notebook: " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** nbformat's multiline string: a list of lines, each but the last ending in a newline. */
  static ArrayNode multiline(String text) {
    ArrayNode lines = NODES.arrayNode();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end + 1;
      lines.add(text.substring(start, end));
      start = end;
    }
    return lines;
  }

  /** A source or text field: a string, or a list of strings to concatenate. */
  static String joined(JsonNode text) {
    if (text.isArray()) {
      StringBuilder joined = new StringBuilder();
      text.forEach(line -> joined.append(line.asText()));
      return joined.toString();
    }
    return text.asText();
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = NODES.objectNode();
      new TreeSet<>(object.properties().stream().map(Map.Entry::getKey).toList())
          .forEach(name -> copy.set(name, sorted(object.get(name))));
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = NODES.arrayNode();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }
}
