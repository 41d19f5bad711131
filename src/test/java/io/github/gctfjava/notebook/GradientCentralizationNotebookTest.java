package io.github.gctfjava.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed notebook and its JShell script: in step, laid out as the Keras example, and run end
 * to end in quick mode (a few images, one epoch per run) on the real data when {@code hoh.data}
 * (Maven sets it from {@code $HOH_DATA}) names it, else on generated 300x300 PNGs.
 */
class GradientCentralizationNotebookTest {
  private static final Path NOTEBOOK = Path.of("notebooks/gradient_centralization.ipynb");
  private static final Path SCRIPT = Path.of("notebooks/gradient_centralization.jsh");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path fixtures;
  private static Path dataDir;

  @BeforeAll
  static void chooseData() throws IOException {
    String property = System.getProperty("hoh.data", "");
    dataDir =
        !property.isBlank() && Files.isDirectory(Path.of(property, "train"))
            ? Path.of(property)
            : HorsesOrHumansFixtures.write(fixtures, 4);
  }

  /** The quick run: CI's time allows one epoch on one small batch per optimizer. */
  private static Map<String, String> quickParameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("EPOCHS", "1");
    parameters.put("LIMIT", "32");
    parameters.put(
        "DATA_DIR",
        "Path.of(\""
            + dataDir.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"")
            + "\")");
    return parameters;
  }

  @Test
  void followsTheSectionsOfTheKerasExample() {
    List<String> headings = new ArrayList<>();
    for (Notebook.Cell cell : Notebook.read(NOTEBOOK).cells()) {
      cell.source()
          .lines()
          .filter(line -> line.startsWith("## "))
          .forEach(line -> headings.add(line.substring(3)));
    }

    assertEquals(
        List.of(
            "Setup (セットアップ)",
            "Prepare the data (データの準備)",
            "Data augmentation (データオーグメンテーションの活用)",
            "Define the model (モデル定義)",
            "Implement Gradient Centralization (勾配集中法の実装)",
            "Training utilities (トレーニングユーティリティー)",
            "Train the model without GC (GC なしでモデルをトレーニングする)",
            "Train the model with GC (GC でモデルをトレーニングする)",
            "Compare (比較)"),
        headings);
  }

  @Test
  void opensWithTheJavaKernelsAndLoadsTheProjectFirst() throws IOException {
    JsonNode root = JSON.readTree(NOTEBOOK.toFile());
    assertEquals(
        JSON.readTree("{\"display_name\": \"Java\", \"language\": \"java\", \"name\": \"java\"}"),
        root.get("metadata").get("kernelspec"),
        "the kernelspec IJava and JJava install");
    Notebook.Cell first =
        Notebook.read(NOTEBOOK).cells().stream()
            .filter(Notebook.Cell::isCode)
            .findFirst()
            .orElseThrow();
    assertEquals("%classpath ../target/gc-tfjava.jar ../target/lib/*.jar", first.source().strip());
  }

  @Test
  void isStoredAsTheRunnerWritesIt() throws IOException {
    assertEquals(
        Files.readString(NOTEBOOK, StandardCharsets.UTF_8),
        Notebook.read(NOTEBOOK).toJson(),
        "so that storing a run's outputs changes nothing else");
  }

  @Test
  void theJShellScriptIsTheNotebookAsGenerated() throws IOException {
    String generated = JshScript.from(Notebook.read(NOTEBOOK), NOTEBOOK.getFileName().toString());

    assertEquals(
        generated,
        Files.readString(SCRIPT, StandardCharsets.UTF_8),
        SCRIPT
            + " is out of step with the notebook; regenerate it: mvn test-compile && java -cp"
            + " 'target/test-classes:target/classes:target/lib/*'"
            + " io.github.gctfjava.notebook.RunNotebook "
            + NOTEBOOK
            + " --no-run --jsh "
            + SCRIPT);
  }

  @Test
  void theNotebookRunsInQuickMode() throws IOException {
    Notebook notebook = Notebook.read(NOTEBOOK);

    new NotebookRunner(TestNotebooks.options().withParameters(quickParameters()))
        .run(notebook, NOTEBOOK.toAbsolutePath().getParent());

    List<JsonNode> cells = codeCells(JSON.readTree(notebook.toJson()));
    String data = text(cellAfter(cells, "LoadedDataset dataset"));
    assertTrue(data.contains("Image shape: (300, 300, 3)\nTraining images: "), data);
    assertTrue(data.contains("Training on "), data);
    BufferedImage samples = image(cellAfter(cells, "try (Batch batch"));
    assertEquals(2 * 300, samples.getWidth(), "four samples in rows of two");
    for (String optimizer : List.of("new RMSprop(", "new GCRMSprop(")) {
      String training = text(cellAfter(cells, optimizer));
      assertTrue(training.contains("Total params: 1,704,097"), training);
      // One epoch: Keras prints the bar without an "Epoch 1/1" line.
      assertTrue(training.contains("1/1 [==============================]"), training);
      assertFalse(training.contains("Epoch 1/1"), training);
    }
    String comparison = text(cellAfter(cells, "Comparison.print"));
    assertTrue(comparison.startsWith("Not using Gradient Centralization\nLoss: "), comparison);
    assertTrue(comparison.contains("Using Gradient Centralization\nLoss: "), comparison);
    assertEquals(900, image(cellAfter(cells, "new HistoryChart()")).getWidth(), "the curves chart");
    for (int i = 0; i < cells.size(); i++) {
      assertEquals(i + 1, cells.get(i).get("execution_count").asInt(), "execution counts in order");
    }
  }

  @Test
  void theJShellScriptRunsInQuickMode() throws IOException {
    new NotebookRunner(TestNotebooks.options().withParameters(quickParameters()))
        .runScript(
            Files.readString(SCRIPT, StandardCharsets.UTF_8), SCRIPT.getFileName().toString());
  }

  private static List<JsonNode> codeCells(JsonNode root) {
    return StreamSupport.stream(root.get("cells").spliterator(), false)
        .filter(cell -> cell.get("cell_type").asText().equals("code"))
        .toList();
  }

  private static JsonNode cellAfter(List<JsonNode> cells, String code) {
    return cells.stream()
        .filter(cell -> Notebook.joined(cell.get("source")).contains(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no code cell with `" + code + "`"));
  }

  /** Everything the cell printed on stdout. */
  private static String text(JsonNode cell) {
    StringBuilder text = new StringBuilder();
    for (JsonNode output : cell.get("outputs")) {
      if (output.get("output_type").asText().equals("stream")
          && output.get("name").asText().equals("stdout")) {
        text.append(Notebook.joined(output.get("text")));
      }
    }
    return text.toString();
  }

  private static BufferedImage image(JsonNode cell) throws IOException {
    for (JsonNode output : cell.get("outputs")) {
      if (output.path("data").has("image/png")) {
        return ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(output.get("data").get("image/png").asText())));
      }
    }
    throw new AssertionError("no image/png output in " + cell.get("outputs"));
  }
}
