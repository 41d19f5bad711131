package io.github.gctfjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gctfjava.benchmarks.BenchReport;
import io.github.gctfjava.benchmarks.ChildReport;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.export.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The command line as a user meets it: exit codes, what goes to stdout and stderr, files written.
 */
class CliTest {
  private static final int SIZE = 300;

  @TempDir static Path fixtures;

  /** {@code fixtures/train/{horses,humans}/*.png}: 2 horses, 3 humans, no test split. */
  @BeforeAll
  static void writeDataFolder() throws IOException {
    for (int i = 0; i < 5; i++) {
      String folder = i < 2 ? "horses" : "humans";
      Path file =
          fixtures.resolve("train").resolve(folder).resolve(folder.substring(0, 5) + i + ".png");
      Files.createDirectories(file.getParent());
      BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          image.setRGB(x, y, (x & 0xFF) << 16 | (y & 0xFF) << 8 | (40 * i) & 0xFF);
        }
      }
      assertTrue(ImageIO.write(image, "png", file.toFile()));
    }
  }

  /**
   * One execution's exit code, System.out (where commands print), picocli's out (help, version) and
   * picocli's err (errors).
   */
  record Run(int exit, String stdout, String help, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** Runs {@code Main.commandLine().execute(args)} with every stream captured. */
  static Run run(String... args) {
    PrintStream systemOut = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    StringWriter help = new StringWriter();
    StringWriter err = new StringWriter();
    // Before commandLine(): picocli instantiates the commands there, and bench keeps System.out.
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(help, true));
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args);
      return new Run(
          exit, stdout.toString(StandardCharsets.UTF_8), help.toString(), err.toString());
    } finally {
      System.setOut(systemOut);
    }
  }

  @Test
  void summaryPrintsTheKerasTable() {
    Run run = run("summary");
    assertEquals(0, run.exit(), run.err());
    assertEquals(Cnn.create().summary(), run.stdout());
    assertTrue(run.stdout().contains("Total params: 1,704,097"), run.stdout());
    assertEquals("", run.err());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--help         | data summary compare bench help",
        "compare --help | --epochs --batch-size --learning-rate --protocol --data --limit --resize --seed --help",
        "compare --help | --optimizer --momentum --nesterov --clipvalue --clipnorm --global-clipnorm",
        "train --help   | --optimizer --learning-rate --momentum --nesterov --clipvalue --clipnorm --global-clipnorm",
        "bench --help   | --optimizer --learning-rate --clipnorm",
        "data --help    | --out --samples --data --limit --resize --seed",
        "bench --help   | --configurations --rounds --steps --warmup --batch-size --epochs --intra-op --inter-op --skip-synthetic --skip-pipeline --trace --json --data",
      })
  void helpExitsZeroAndListsOptions(String args, String expected) {
    Run run = run(args.split(" "));
    assertEquals(0, run.exit(), run.err());
    for (String word : expected.split(" ")) {
      assertTrue(run.help().contains(word), "'" + args + "' mentions " + word + ":\n" + run.help());
    }
    assertTrue(run.help().startsWith("Usage: gc-tfjava"), run.help());
  }

  @Test
  void versionNamesTheTensorFlowJavaRelease() {
    Run run = run("--version");
    assertEquals(0, run.exit());
    assertEquals("gc-tfjava 0.1.0 (TensorFlow Java 1.1.0)", run.help().strip());
  }

  @Test
  void missingDataFolderIsOneErrorLineNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nonexistent");
    Run run = run("data", "--data", missing.toString());
    assertNotEquals(0, run.exit());
    assertEquals(1, run.errLines().size(), run.err());
    String line = run.errLines().get(0);
    assertTrue(line.startsWith("error: ") && line.contains(missing.toString()), line);
  }

  @Test
  void unknownProtocolIsAUsageError() {
    Run run = run("compare", "--protocol", "nonsense");
    assertEquals(2, run.exit(), "picocli's usage-error exit code");
    assertTrue(
        run.err().contains("nonsense") && run.err().contains("expected fair or keras-io"),
        run.err());
  }

  @Test
  void limitBelowOneIsRefusedBeforeLoading() {
    Run run = run("compare", "--limit", "0", "--data", fixtures.toString());
    assertNotEquals(0, run.exit());
    assertEquals(List.of("error: --limit must be at least 1, got 0"), run.errLines());
    assertEquals("", run.stdout(), "nothing loaded or printed");
  }

  /**
   * Each refused before the data are read: nothing printed, nothing made under --out or models/.
   */
  @ParameterizedTest
  @CsvSource({
    "compare, --epochs, 0, 'error: --epochs must be at least 1, got 0'",
    "compare, --batch-size, 0, 'error: --batch-size must be at least 1, got 0'",
    "compare, --learning-rate, NaN, 'error: learning_rate must be >= 0, got NaN'",
    "train, --epochs, 0, 'error: --epochs must be at least 1, got 0'",
    "train, --batch-size, 0, 'error: --batch-size must be at least 1, got 0'",
    "train, --learning-rate, NaN, 'error: learning_rate must be >= 0, got NaN'"
  })
  void badTrainingSettingsAreRefusedBeforeLoadingAndLeaveNothing(
      String command, String option, String value, String error, @TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("run");
    Path models = Path.of("models");
    List<Path> modelsBefore =
        Files.isDirectory(models) ? Files.list(models).sorted().toList() : List.of();

    Run run = run(command, option, value, "--data", fixtures.toString(), "--out", out.toString());

    assertNotEquals(0, run.exit());
    assertEquals(List.of(error), run.errLines());
    assertEquals("", run.stdout(), "nothing loaded or printed");
    assertTrue(Files.notExists(out), "no run folder");
    assertEquals(
        modelsBefore, Files.isDirectory(models) ? Files.list(models).sorted().toList() : List.of());
  }

  @Test
  void benchNeedsAWarmUpEpoch() {
    Run run = run("bench", "--epochs", "1", "--skip-synthetic", "--skip-pipeline");
    assertNotEquals(0, run.exit());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(
        run.errLines().get(0).startsWith("error: ") && run.err().contains("epochs >= 2"),
        run.err());
  }

  @Test
  void benchTracesOnlyWithTheSyntheticSteps() {
    Run run = run("bench", "--trace", "--skip-synthetic", "--skip-pipeline");
    assertNotEquals(0, run.exit());
    assertEquals(
        List.of("error: --trace traces a synthetic step: it cannot go with --skip-synthetic"),
        run.errLines(),
        run.err());
  }

  @Test
  void dataPrintsTheExamplesLinesAndDrawsAugmentedSamples(@TempDir Path dir) throws IOException {
    Path grid = dir.resolve("plots").resolve("augmented.png");
    Run run =
        run("data", "--data", fixtures.toString(), "--out", grid.toString(), "--samples", "4");
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.stdout().lines().toList();
    assertTrue(
        lines.containsAll(
            List.of(
                "Image shape: (300, 300, 3)",
                "Training images: 5",
                "Test images: 0",
                "train: 2 horses, 3 humans",
                "Wrote 4 augmented training images to " + grid)),
        run.stdout());
    assertTrue(
        lines.indexOf("Image shape: (300, 300, 3)") < lines.indexOf("Training images: 5"),
        run.stdout());
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("Test split not found in " + fixtures)),
        run.stdout());

    BufferedImage image = ImageIO.read(grid.toFile());
    // 4 samples in one row of 4 columns: 4 x 300 wide, one 22-pixel caption strip over 300 rows.
    assertEquals(4 * SIZE, image.getWidth());
    assertEquals(SIZE + 22, image.getHeight());
    for (int cell = 0; cell < 4; cell++) {
      assertTrue(
          countNonWhite(image, cell * SIZE, 22, SIZE, SIZE) > SIZE * SIZE / 2,
          "cell " + cell + " holds an image");
      assertTrue(
          countNonWhite(image, cell * SIZE, 0, SIZE, 22) > 0, "cell " + cell + " has a caption");
    }
  }

  /** Asking for more samples than the split holds draws what there is, and says so. */
  @Test
  void dataReportsTheImagesItDrew(@TempDir Path dir) throws IOException {
    Path grid = dir.resolve("grid.png");
    Run run =
        run("data", "--data", fixtures.toString(), "--out", grid.toString(), "--samples", "8");
    assertEquals(0, run.exit(), run.err());
    assertTrue(
        run.stdout().lines().anyMatch(("Wrote 5 augmented training images to " + grid)::equals),
        run.stdout());
    BufferedImage image = ImageIO.read(grid.toFile());
    // 5 images in rows of 4: two rows.
    assertEquals(4 * SIZE, image.getWidth());
    assertEquals(2 * (SIZE + 22), image.getHeight());
  }

  /**
   * The example end to end on 4 fixture images: the published sequence (one model, RMSprop then
   * GCRMSprop), one epoch each, ending with the example's comparison block.
   */
  @Test
  void compareRunsBothOptimizersAndPrintsTheComparison() {
    Run run =
        run(
            "compare",
            "--data",
            fixtures.toString(),
            "--limit",
            "4",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--protocol",
            "keras-io",
            "--out",
            fixtures.resolve("runs").toString());
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.stdout().lines().toList();
    // One batch of 4 per epoch: each run ends its only epoch with a full bar.
    assertEquals(
        2,
        lines.stream().filter(l -> l.strip().startsWith("1/1 [" + "=".repeat(30) + "]")).count(),
        run.stdout());
    assertEquals(
        2, lines.stream().filter("Total params: 1,704,097"::equals).count(), "a summary per run");
    int start = lines.indexOf("Not using Gradient Centralization");
    assertTrue(start > 0, run.stdout());
    // The example's eight lines, then where the two run folders went.
    assertEquals(start + 9, lines.size(), run.stdout());
    assertTrue(lines.get(start + 8).startsWith("Wrote "), run.stdout());
    List<String> block = lines.subList(start, start + 8);
    assertEquals("Using Gradient Centralization", block.get(4));
    for (int offset : new int[] {1, 5}) {
      double loss = Double.parseDouble(field(block.get(offset), "Loss: "));
      double accuracy = Double.parseDouble(field(block.get(offset + 1), "Accuracy: "));
      double seconds = Double.parseDouble(field(block.get(offset + 2), "Training Time: "));
      assertTrue(Double.isFinite(loss) && loss > 0, block.get(offset));
      // Accuracy over 4 examples is k/4 (float32 batch mean, hence 1e-6).
      assertEquals(Math.rint(accuracy * 4), accuracy * 4, 1e-6, block.get(offset + 1));
      assertTrue(seconds > 0, block.get(offset + 2));
    }
  }

  /**
   * One child JVM (the shipped row), its figures back through the protocol and into the typed
   * report.
   */
  @Test
  void benchWritesItsFiguresAsJson(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("bench.json");
    Run run =
        run(
            "bench",
            "--configurations",
            "shipped",
            "--skip-pipeline",
            "--steps",
            "1",
            "--warmup",
            "0",
            "--batch-size",
            "2",
            "--matmul-size",
            "64",
            "--json",
            json.toString());
    assertEquals(0, run.exit(), run.err());
    BenchReport report = Json.read(json, BenchReport.class);
    assertEquals(2, report.batchSize());
    BenchReport.Row row = report.rows().get(0);
    assertEquals("shipped", row.configuration());
    assertTrue(row.settings().oneDnn(), "the product turned oneDNN on in the child");
    assertTrue(
        row.settings().oneDnnSource().contains("set by gc-tfjava"),
        "the child's environment had no TF_ENABLE_ONEDNN_OPTS: " + row.settings().oneDnnSource());
    List<ChildReport.Steps> steps = row.children().get(0).synthetic();
    assertEquals(
        List.of("rmsprop", "gc-rmsprop"),
        steps.stream().map(ChildReport.Steps::optimizer).toList());
    for (ChildReport.Steps optimizer : steps) {
      assertEquals(1, optimizer.stepMs().size(), optimizer.optimizer());
      // images/s = batch * 1000 / median ms; one step, so the median is that step.
      assertEquals(2000 / optimizer.stepMs().get(0), optimizer.imagesPerSecond(), 1e-9);
    }
    assertEquals(
        steps.get(1).imagesPerSecond() / report.limit().imagesPerSecond(),
        row.syntheticFractionOfLimit(),
        1e-12);
    assertNull(row.endToEndImagesPerSecond());
    assertTrue(report.gcStepOverheadPercent() != null, json.toString());
    assertTrue(run.stdout().contains("Wrote " + json), run.stdout());
  }

  /**
   * {@code compare --optimizer adam}: adam against gc-adam, both named in the closing block and the
   * folders.
   */
  @Test
  void compareTrainsAnyOptimizerAgainstItsGcForm() throws IOException {
    Path runs = fixtures.resolve("adam-runs");
    Run run =
        run(
            "compare",
            "--optimizer",
            "adam",
            "--learning-rate",
            "1e-3",
            "--data",
            fixtures.toString(),
            "--limit",
            "4",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            runs.toString());
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.stdout().lines().toList();
    int start = lines.indexOf("Not using Gradient Centralization (adam)");
    assertTrue(start > 0, run.stdout());
    assertEquals("Using Gradient Centralization (gc-adam)", lines.get(start + 4), run.stdout());
    for (String optimizer : List.of("adam", "gc-adam")) {
      JsonNode config =
          new ObjectMapper().readTree(runs.resolve(optimizer).resolve("config.json").toFile());
      assertEquals(optimizer, config.get("optimizer").asText());
      assertEquals(1e-3, config.get("learning_rate").asDouble(), 1e-9);
      assertEquals("fair", config.get("protocol").asText());
    }
  }

  /**
   * The issue's train run, shrunk: gcc-sgd with momentum and clipnorm; config.json records every
   * setting.
   */
  @Test
  void trainRecordsEveryOptimizerSetting() throws IOException {
    Path out = fixtures.resolve("gcc-sgd");
    Run run =
        run(
            "train",
            "--optimizer",
            "gcc-sgd",
            "--momentum",
            "0.9",
            "--nesterov",
            "--clipnorm",
            "1.0",
            "--learning-rate",
            "0.01",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--limit",
            "4",
            "--data",
            fixtures.toString(),
            "--out",
            out.toString());
    assertEquals(0, run.exit(), run.err());
    JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
    assertEquals("gcc-sgd", config.get("optimizer").asText());
    assertEquals(0.01, config.get("learning_rate").asDouble(), 1e-9);
    assertEquals(0.9, config.get("momentum").asDouble(), 1e-6);
    assertTrue(config.get("nesterov").asBoolean());
    assertEquals(1.0, config.get("clipnorm").asDouble(), 0);
    assertTrue(config.get("clipvalue").isNull());
    assertTrue(config.get("global_clipnorm").isNull());
  }

  @Test
  void benchMeasuresTheOptimizerItIsGiven(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("bench.json");
    Run run =
        run(
            "bench",
            "--optimizer",
            "gcc-sgd",
            "--configurations",
            "onednn-0",
            "--skip-pipeline",
            "--steps",
            "1",
            "--warmup",
            "0",
            "--batch-size",
            "2",
            "--matmul-size",
            "64",
            "--json",
            json.toString());
    assertEquals(0, run.exit(), run.err());
    BenchReport.Row row = Json.read(json, BenchReport.class).rows().get(0);
    assertEquals(
        List.of("sgd", "gcc-sgd"),
        row.children().get(0).synthetic().stream().map(ChildReport.Steps::optimizer).toList());
    assertFalse(row.settings().oneDnn(), "TF_ENABLE_ONEDNN_OPTS=0 reached the child");
  }

  @ParameterizedTest
  @CsvSource({"compare", "bench"})
  void anUnknownOptimizerIsOneLineListingTheValidOnes(String command) {
    Run run = run(command, "--optimizer", "lamb", "--data", fixtures.toString());
    assertEquals(1, run.exit());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(
        run.err().startsWith("error: unknown optimizer 'lamb'; valid: sgd, adam, "), run.err());
    assertTrue(run.err().strip().endsWith("gcc-ftrl, gcc-rmsprop"), run.err());
  }

  private static String field(String line, String prefix) {
    assertTrue(line.startsWith(prefix), line + " starts with " + prefix);
    return line.substring(prefix.length());
  }

  private static int countNonWhite(BufferedImage image, int x0, int y0, int width, int height) {
    int count = 0;
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          count++;
        }
      }
    }
    return count;
  }
}
