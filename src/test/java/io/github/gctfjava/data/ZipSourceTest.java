package io.github.gctfjava.data;

import static io.github.gctfjava.data.PngFixtures.Kind.GREY;
import static io.github.gctfjava.data.PngFixtures.Kind.RGB;
import static io.github.gctfjava.data.PngFixtures.Kind.RGBA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official archives read in place: same examples, order and pixels as the extracted folders.
 */
class ZipSourceTest {
  @TempDir Path zipDir;
  @TempDir Path folderDir;

  private static Map<String, byte[]> split() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("horses/h1.png", PngFixtures.png(RGB));
    files.put("horses/h2.png", PngFixtures.png(GREY));
    files.put("humans/m1.png", PngFixtures.png(RGBA));
    return files;
  }

  private static Map<String, byte[]> withJunk(Map<String, byte[]> files) {
    Map<String, byte[]> zipped = new LinkedHashMap<>(files);
    zipped.put("__MACOSX/horses/._h1.png", new byte[] {0, 5, 22, 7});
    zipped.put("README.txt", "not an example".getBytes(StandardCharsets.UTF_8));
    return zipped;
  }

  private static LoadOptions options(Path dir, ByteArrayOutputStream log) {
    return LoadOptions.of(dir)
        .withDownload(false)
        .withLog(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void readsBothArchivesInPlaceLikeTheExtractedFolders() throws IOException {
    Files.write(zipDir.resolve("horse-or-human.zip"), PngFixtures.zip(withJunk(split())));
    Files.write(zipDir.resolve("validation-horse-or-human.zip"), PngFixtures.zip(split()));
    PngFixtures.writeTree(folderDir.resolve("train"), split());
    PngFixtures.writeTree(folderDir.resolve("test"), split());
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    try (LoadedDataset fromZip = HorsesOrHumans.load(options(zipDir, log));
        LoadedDataset fromFolder = HorsesOrHumans.load(options(folderDir, log))) {
      assertEquals(fromFolder.train().fileNames(), fromZip.train().fileNames());
      assertEquals(
          HorsesOrHumansTest.labels(fromFolder.train()),
          HorsesOrHumansTest.labels(fromZip.train()));
      HorsesOrHumansTest.assertSamePixels(fromFolder.train().images(), fromZip.train().images());
      assertEquals(
          fromFolder.test().orElseThrow().fileNames(), fromZip.test().orElseThrow().fileNames());
      assertEquals(3, fromZip.info().testExamples());
      assertEquals(zipDir.resolve("horse-or-human.zip"), fromZip.info().source());
    }
    assertEquals("", log.toString(StandardCharsets.UTF_8), "both splits found: nothing to report");
    try (Stream<Path> left = Files.list(zipDir)) {
      assertEquals(
          List.of("horse-or-human.zip", "validation-horse-or-human.zip"),
          left.map(p -> p.getFileName().toString()).sorted().toList(),
          "nothing extracted");
    }
  }

  @Test
  void refusesATruncatedArchiveNamingIt() throws IOException {
    byte[] zip = PngFixtures.zip(split());
    Path archive = zipDir.resolve("horse-or-human.zip");
    Files.write(archive, Arrays.copyOf(zip, zip.length - 100));

    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> HorsesOrHumans.load(options(zipDir, new ByteArrayOutputStream())));

    assertEquals(archive, e.path());
    assertTrue(
        e.getMessage()
            .startsWith("Cannot read zip archive " + archive + " (truncated or corrupt?): "),
        e.getMessage());
  }

  @Test
  void namesTheArchiveEntryThatCannotBeDecoded() throws IOException {
    Map<String, byte[]> files = split();
    files.put("humans/bad.png", "no image here".getBytes(StandardCharsets.UTF_8));
    Path archive = zipDir.resolve("horse-or-human.zip");
    Files.write(archive, PngFixtures.zip(files));

    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> HorsesOrHumans.load(options(zipDir, new ByteArrayOutputStream())));

    assertEquals(archive, e.path());
    assertTrue(
        e.getMessage().startsWith("Cannot decode " + archive + "!humans/bad.png: "),
        e.getMessage());
  }

  @Test
  void refusesAnArchiveWithoutExamples() throws IOException {
    Path archive = zipDir.resolve("horse-or-human.zip");
    Files.write(archive, PngFixtures.zip(Map.of("cats/c.png", PngFixtures.png(RGB))));

    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> HorsesOrHumans.load(options(zipDir, new ByteArrayOutputStream())));

    assertEquals(archive, e.path());
    assertEquals(
        "No images in " + archive + " (expected horses/*.png and humans/*.png)", e.getMessage());
  }
}
