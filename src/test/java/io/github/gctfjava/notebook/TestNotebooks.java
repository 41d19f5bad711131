package io.github.gctfjava.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small notebooks written for a test, and the class path the runner needs to run them here. */
final class TestNotebooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestNotebooks() {}

  /**
   * A notebook whose cells are the given sources: those starting with "# " are Markdown, the others
   * code.
   */
  static Notebook write(Path file, String... sources) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode cells = root.putArray("cells");
    for (String source : sources) {
      ObjectNode cell = cells.addObject();
      boolean markdown = source.startsWith("# ");
      cell.put("cell_type", markdown ? "markdown" : "code");
      cell.putObject("metadata");
      cell.set("source", Notebook.multiline(source));
      if (!markdown) {
        cell.putNull("execution_count");
        cell.putArray("outputs");
      }
    }
    root.putObject("metadata").putObject("language_info").put("name", "Java");
    root.put("nbformat", 4);
    root.put("nbformat_minor", 5);
    try {
      Files.writeString(file, JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Notebook.read(file);
  }

  /**
   * The test JVM's class path (the build's classes and dependency jars), which the runner gives
   * JShell in place of the notebooks' %jars lines: Surefire names it in surefire.test.class.path
   * when java.class.path is only its booter jar.
   */
  static List<Path> classPath() {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Path> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry));
      }
    }
    return entries;
  }

  static NotebookRunner.Options options() {
    return NotebookRunner.Options.defaults().withClassPath(classPath());
  }
}
