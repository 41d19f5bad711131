package io.github.gctfjava.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on small notebooks: outputs as a kernel records them, failures named, parameters,
 * magics.
 */
class NotebookRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void recordsStreamsPicturesAndTheLastExpressionInOrder() throws IOException {
    Notebook notebook =
        TestNotebooks.write(
            dir.resolve("n.ipynb"),
            "# A title",
            "System.out.println(\"one\");\nSystem.out.print(\"two\\n\");\nSystem.err.println(\"warn\");",
            "import java.awt.image.BufferedImage;\nSystem.out.println(\"before\");\n"
                + "display(new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB));\nSystem.out.println(\"after\");",
            "int x = 20;\nx + 22");

    new NotebookRunner(TestNotebooks.options()).run(notebook, dir);

    JsonNode cells = JSON.readTree(notebook.toJson()).get("cells");
    assertTrue(cells.get(0).path("outputs").isMissingNode(), "a Markdown cell gets no outputs");
    JsonNode printed = cells.get(1).get("outputs");
    assertEquals(2, printed.size(), "stdout text is one output, stderr another: " + printed);
    assertStream(printed.get(0), "stdout", "one\ntwo\n");
    assertStream(printed.get(1), "stderr", "warn\n");
    assertEquals(1, cells.get(1).get("execution_count").asInt());

    JsonNode shown = cells.get(2).get("outputs");
    assertEquals(3, shown.size(), "text, picture, text: " + shown);
    assertStream(shown.get(0), "stdout", "before\n");
    assertEquals("display_data", shown.get(1).get("output_type").asText());
    BufferedImage png =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(shown.get(1).get("data").get("image/png").asText())));
    assertEquals(
        List.of(7, 5), List.of(png.getWidth(), png.getHeight()), "the displayed image, as a PNG");
    assertStream(shown.get(2), "stdout", "after\n");

    JsonNode result = cells.get(3).get("outputs").get(0);
    assertEquals("execute_result", result.get("output_type").asText());
    assertEquals("42", Notebook.joined(result.get("data").get("text/plain")));
    assertEquals(3, result.get("execution_count").asInt());
    assertEquals(3, cells.get(3).get("execution_count").asInt());
  }

  @Test
  void aCellThatThrowsStopsTheRunNamingItsIndexAndFirstLine() throws IOException {
    Notebook notebook =
        TestNotebooks.write(
            dir.resolve("n.ipynb"),
            "int a = 1;",
            "# Division",
            "// divide by zero\nint b = 0;\nint c = a / b;",
            "System.out.println(\"not reached\");");

    CellFailedException e =
        assertThrows(
            CellFailedException.class,
            () -> new NotebookRunner(TestNotebooks.options()).run(notebook, dir));

    assertEquals("cell 2 (`// divide by zero`)", e.cell());
    assertEquals("int c = a / b;", e.failingLine());
    assertTrue(e.getMessage().contains("java.lang.ArithmeticException: / by zero"), e.getMessage());
    JsonNode cells = JSON.readTree(notebook.toJson()).get("cells");
    assertEquals(1, cells.get(0).get("execution_count").asInt(), "the cell before ran");
    assertTrue(cells.get(3).get("execution_count").isNull(), "the cell after did not run");
  }

  @Test
  void aCellThatDoesNotCompileNamesTheCompilerError() {
    Notebook notebook = TestNotebooks.write(dir.resolve("n.ipynb"), "int ok = 1;\nString s = 42;");

    CellFailedException e =
        assertThrows(
            CellFailedException.class,
            () -> new NotebookRunner(TestNotebooks.options()).run(notebook, dir));

    assertEquals("cell 0 (`int ok = 1;`)", e.cell());
    assertEquals("String s = 42;", e.failingLine());
    assertTrue(e.getMessage().contains("does not compile: incompatible types"), e.getMessage());
  }

  @Test
  void aMethodNeedingWhatWasNeverDeclaredFails() {
    Notebook notebook = TestNotebooks.write(dir.resolve("n.ipynb"), "void f() { missing(); }");

    CellFailedException e =
        assertThrows(
            CellFailedException.class,
            () -> new NotebookRunner(TestNotebooks.options()).run(notebook, dir));

    assertTrue(e.getMessage().contains("never declared: method missing()"), e.getMessage());
  }

  @Test
  void parametersAreAssignedRightAfterTheirDeclaration() throws IOException {
    Notebook notebook =
        TestNotebooks.write(
            dir.resolve("n.ipynb"),
            "int EPOCHS = 10;\nint twice = EPOCHS * 2;",
            "System.out.println(\"twice = \" + twice);");

    new NotebookRunner(TestNotebooks.options().withParameters(Map.of("EPOCHS", "1")))
        .run(notebook, dir);

    JsonNode cells = JSON.readTree(notebook.toJson()).get("cells");
    assertStream(
        cells.get(0).get("outputs").get(0),
        "stdout",
        "EPOCHS = 1  // set by the notebook runner\n");
    assertStream(cells.get(1).get("outputs").get(0), "stdout", "twice = 2\n");
  }

  @Test
  void aParameterTheNotebookNeverDeclaresIsAnError() {
    Notebook notebook = TestNotebooks.write(dir.resolve("n.ipynb"), "int EPOCHS = 10;");

    NotebookException e =
        assertThrows(
            NotebookException.class,
            () ->
                new NotebookRunner(TestNotebooks.options().withParameters(Map.of("EPOCH", "1")))
                    .run(notebook, dir));

    assertEquals(
        "parameters never declared by the code, so not overridden: [EPOCH]", e.getMessage());
  }

  @Test
  void classPathMagicsAreResolvedFromTheNotebookFolderLikeTheKernels() throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src/hello"));
    Files.writeString(
        sources.resolve("Greeting.java"),
        "package hello; public class Greeting { public static String text() { return \"hi from a class folder\"; } }");
    Path classes = Files.createDirectories(dir.resolve("notebooks/classes"));
    assertEquals(
        0,
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                sources.resolve("Greeting.java").toString()));
    Notebook notebook =
        TestNotebooks.write(
            dir.resolve("notebooks/n.ipynb"),
            "%classpath classes",
            "System.out.println(hello.Greeting.text());");

    new NotebookRunner(NotebookRunner.Options.defaults()).run(notebook, dir.resolve("notebooks"));

    assertStream(
        JSON.readTree(notebook.toJson()).get("cells").get(1).get("outputs").get(0),
        "stdout",
        "hi from a class folder\n");
  }

  @Test
  void jarsMagicMatchesWildcardsInTheLastSegmentOnly() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("target/lib"));
    for (String name : List.of("b.jar", "a.jar", "notes.txt")) {
      Files.writeString(lib.resolve(name), "");
    }

    assertEquals(
        List.of(lib.resolve("a.jar"), lib.resolve("b.jar")),
        Magics.classPath("%jars target/lib/*.jar", dir));
    NotebookException missing =
        assertThrows(
            NotebookException.class, () -> Magics.classPath("%jars target/gc-tfjava.jar", dir));
    assertTrue(
        missing.getMessage().startsWith("%jars target/gc-tfjava.jar matches no file in "),
        missing.getMessage());
  }

  @Test
  void magicsTheKernelsDoNotShareAreRefused() {
    Notebook notebook =
        TestNotebooks.write(dir.resolve("n.ipynb"), "%maven org.knowm.xchart:xchart:3.8.8");

    NotebookException e =
        assertThrows(
            NotebookException.class,
            () -> new NotebookRunner(TestNotebooks.options()).run(notebook, dir));

    assertEquals(
        "unsupported magic %maven in `%maven org.knowm.xchart:xchart:3.8.8`: "
            + "the runner knows %jars and %classpath",
        e.getMessage());
  }

  @Test
  void aScriptRunsUntilExitAndRefusesOtherCommands() {
    NotebookRunner runner = new NotebookRunner(TestNotebooks.options());

    runner.runScript(
        "int a = 1;\n// a comment\n/exit\nthrow new IllegalStateException(\"after /exit\");\n",
        "s.jsh");
    CellFailedException e =
        assertThrows(
            CellFailedException.class, () -> runner.runScript("int a = 1;\n/list\n", "s.jsh"));

    assertEquals(
        "s.jsh failed at `/list`: JShell command not supported here; only /exit is",
        e.getMessage());
  }

  @Test
  void aScriptIsReadLineByLineAsTheJShellToolReadsIt() throws IOException {
    String continuedOnADotLine = "String s = \"a\"\n    .concat(\"b\");\n";
    Notebook notebook =
        TestNotebooks.write(dir.resolve("n.ipynb"), continuedOnADotLine + "System.out.println(s);");

    new NotebookRunner(TestNotebooks.options()).run(notebook, dir);
    CellFailedException e =
        assertThrows(
            CellFailedException.class,
            () ->
                new NotebookRunner(TestNotebooks.options())
                    .runScript(continuedOnADotLine, "s.jsh"));

    assertStream(
        JSON.readTree(notebook.toJson()).get("cells").get(0).get("outputs").get(0),
        "stdout",
        "ab\n");
    assertEquals(
        ".concat(\"b\");",
        e.failingLine(),
        "the tool ran `String s = \"a\"` alone, then choked on the rest");
    assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
  }

  @Test
  void writesTheNotebookAsJupyterDoes() {
    Notebook notebook = TestNotebooks.write(dir.resolve("n.ipynb"), "# Héllo", "int a = 1;");

    assertEquals(
        """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {},
           "source": [
            "# Héllo"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {},
           "outputs": [],
           "source": [
            "int a = 1;"
           ]
          }
         ],
         "metadata": {
          "language_info": {
           "name": "Java"
          }
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """,
        notebook.toJson());
  }

  private static void assertStream(JsonNode output, String name, String text) {
    assertEquals("stream", output.get("output_type").asText(), output.toString());
    assertEquals(name, output.get("name").asText(), output.toString());
    assertEquals(text, Notebook.joined(output.get("text")), output.toString());
  }
}
