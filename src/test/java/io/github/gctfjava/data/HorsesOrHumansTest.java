package io.github.gctfjava.data;

import static io.github.gctfjava.data.PngFixtures.Kind.GREY;
import static io.github.gctfjava.data.PngFixtures.Kind.GREY16;
import static io.github.gctfjava.data.PngFixtures.Kind.RGB;
import static io.github.gctfjava.data.PngFixtures.Kind.RGB16;
import static io.github.gctfjava.data.PngFixtures.Kind.RGBA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/** The loader on PNG folders written by the test: decoding, labels, order, and each bad input. */
class HorsesOrHumansTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  private LoadOptions options() {
    return LoadOptions.of(dir)
        .withDownload(false)
        .withLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
  }

  private String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> files(Object... nameThenBytes) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      files.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
    }
    return files;
  }

  @Test
  void aStrayClassFolderAndADanglingLinkEachGetOneLineNamingThem() throws IOException {
    PngFixtures.writeTree(
        dir.resolve("train"),
        files(
            "horses/a.png", PngFixtures.png(RGB),
            "humans/b.png", PngFixtures.png(RGB),
            "zebras/c.png", PngFixtures.png(RGB)));
    Path link = dir.resolve("train/humans/gone.png");
    Files.createSymbolicLink(link, dir.resolve("nowhere.png"));

    try (LoadedDataset data = HorsesOrHumans.load(options())) {
      assertEquals(
          List.of("horses/a.png", "humans/b.png"),
          data.train().fileNames().stream().sorted().toList());
    }
    List<String> lines = log().lines().filter(line -> line.startsWith("Skipping ")).toList();
    assertEquals(
        List.of(
            "Skipping " + link + ": a symbolic link to nothing",
            "Skipping "
                + dir.resolve("train/zebras")
                + ": not a class folder (the classes are horses and humans)"),
        lines.stream().sorted().toList());
  }

  @Test
  void decodesEveryPngKindToTheWrittenRgbAndLabelsByFolder() {
    PngFixtures.writeTree(
        dir.resolve("train"),
        files(
            "horses/rgb.png", PngFixtures.png(RGB),
            "horses/rgba.png", PngFixtures.png(RGBA),
            "humans/grey.png", PngFixtures.png(GREY),
            "humans/grey16.png", PngFixtures.png(GREY16),
            "humans/rgb16.png", PngFixtures.png(RGB16)));
    Map<String, PngFixtures.Kind> kinds =
        Map.of(
            "horses/rgb.png",
            RGB,
            "horses/rgba.png",
            RGBA,
            "humans/grey.png",
            GREY,
            "humans/grey16.png",
            GREY16,
            "humans/rgb16.png",
            RGB16);

    try (LoadedDataset data = HorsesOrHumans.load(options())) {
      ImageSplit train = data.train();
      assertEquals(Shape.of(5, 300, 300, 3), train.images().shape());
      assertEquals(Shape.of(5), train.labels().shape());
      for (int i = 0; i < train.size(); i++) {
        String name = train.fileNames().get(i);
        assertNull(PngFixtures.firstMismatch(train.images(), i, kinds.get(name)), name);
        assertEquals(name.startsWith("horses/") ? 0 : 1, train.labels().getLong(i), name);
      }
      assertEquals(2, train.count(0));
      assertEquals(3, train.count(1));
    }
  }

  @Test
  void ordersExamplesByTfdsMd5OfSplitAndNameMixingClasses() {
    // Expected orders computed independently with Python:
    // sorted(names, key=lambda n: int(hashlib.md5(split.encode() + n.encode()).hexdigest(), 16))
    Map<String, byte[]> names =
        files(
            "horses/h1.png",
            PngFixtures.png(RGB),
            "horses/h2.png",
            PngFixtures.png(RGB),
            "horses/h3.png",
            PngFixtures.png(RGB),
            "humans/m1.png",
            PngFixtures.png(RGB),
            "humans/m2.png",
            PngFixtures.png(RGB),
            "humans/m3.png",
            PngFixtures.png(RGB));
    PngFixtures.writeTree(dir.resolve("train"), names);
    PngFixtures.writeTree(dir.resolve("test"), names);

    try (LoadedDataset data = HorsesOrHumans.load(options())) {
      assertEquals(
          List.of(
              "humans/m2.png",
              "humans/m3.png",
              "horses/h3.png",
              "horses/h1.png",
              "humans/m1.png",
              "horses/h2.png"),
          data.train().fileNames());
      assertEquals(List.of(1L, 1L, 0L, 0L, 1L, 0L), labels(data.train()));
      assertEquals(
          List.of(
              "horses/h3.png",
              "horses/h2.png",
              "humans/m2.png",
              "horses/h1.png",
              "humans/m3.png",
              "humans/m1.png"),
          data.test().orElseThrow().fileNames());
    }
  }

  @Test
  void skipsFilesTfdsWouldSkip() {
    PngFixtures.writeTree(
        dir.resolve("train"),
        files(
            "horses/a.png", PngFixtures.png(RGB),
            "horses/notes.txt", "hello".getBytes(StandardCharsets.UTF_8),
            "horses/with space.png", PngFixtures.png(RGB),
            "horses/deeper/b.png", PngFixtures.png(RGB),
            "zebras/c.png", PngFixtures.png(RGB)));

    try (LoadedDataset data = HorsesOrHumans.load(options())) {
      assertEquals(List.of("horses/a.png"), data.train().fileNames());
    }
  }

  @Test
  void reportsAMissingTestSplitInOneLineAndGoesOn() {
    PngFixtures.writeTree(dir.resolve("train"), files("horses/a.png", PngFixtures.png(RGB)));

    try (LoadedDataset data = HorsesOrHumans.load(options())) {
      assertTrue(data.test().isEmpty());
      assertEquals(
          List.of(
              "Test split not found in "
                  + dir
                  + " (no test/ folder, no validation-horse-or-human.zip); going on without it."),
          log().lines().toList());
      assertEquals(
          List.of("Image shape: (300, 300, 3)", "Training images: 1", "Test images: 0"),
          data.info().exampleLines());
      assertEquals(dir.resolve("train"), data.info().source());
    }
  }

  @Test
  void doesNotDownloadASplitMissingFromAFolderLayout() {
    PngFixtures.writeTree(dir.resolve("train"), files("horses/a.png", PngFixtures.png(RGB)));
    // Download on, pointing at a port nothing listens on: any attempt would fail the load.
    RemoteArchive nowhere =
        new RemoteArchive(URI.create("http://127.0.0.1:9/x.zip"), "x.zip", 1, "00");

    try (LoadedDataset data =
        HorsesOrHumans.load(options().withDownload(true).withArchives(nowhere, nowhere))) {
      assertTrue(data.test().isEmpty());
      assertFalse(log().contains("Downloading"), log());
    }
  }

  @Test
  void refusesAWrongSizeImageNamingItAndItsShape() {
    PngFixtures.writeTree(
        dir.resolve("train"),
        files(
            "horses/good.png", PngFixtures.png(RGB),
            "humans/small.png", PngFixtures.columnRamp(150, 100, x -> x)));
    Path small = dir.resolve("train/humans/small.png");

    DatasetException e = assertThrows(DatasetException.class, () -> HorsesOrHumans.load(options()));

    assertEquals(small, e.path());
    assertEquals(
        small + " has shape (100, 150, 3), expected (300, 300, 3); the resize option scales it",
        e.getMessage());
  }

  @Test
  void resizesBilinearlyWithHalfPixelCentresWhenAsked() {
    // Column x of the 150-wide input holds x; with half-pixel centres output column X samples input
    // column X/2 - 0.25 (clamped to [0, 149]), which rounds to min(149, X / 2) (no ties).
    PngFixtures.writeTree(
        dir.resolve("train"),
        files(
            "horses/good.png", PngFixtures.png(RGB),
            "humans/small.png", PngFixtures.columnRamp(150, 100, x -> x)));

    try (LoadedDataset data = HorsesOrHumans.load(options().withResize(true))) {
      ImageSplit train = data.train();
      assertEquals(Shape.of(2, 300, 300, 3), train.images().shape());
      int small = train.fileNames().indexOf("humans/small.png");
      int good = train.fileNames().indexOf("horses/good.png");
      for (int y = 0; y < 300; y += 37) {
        for (int x = 0; x < 300; x++) {
          assertEquals(
              Math.min(149, x / 2),
              train.images().getByte(small, y, x, 1) & 0xFF,
              "x=" + x + " y=" + y);
        }
      }
      assertNull(
          PngFixtures.firstMismatch(train.images(), good, RGB),
          "a 300x300 image is left exactly as is");
    }
  }

  @Test
  void refusesATruncatedPngNamingIt() {
    byte[] png = PngFixtures.png(RGB);
    PngFixtures.writeTree(
        dir.resolve("train"),
        files("horses/good.png", png, "humans/cut.png", Arrays.copyOf(png, png.length / 2)));
    Path cut = dir.resolve("train/humans/cut.png");

    DatasetException e = assertThrows(DatasetException.class, () -> HorsesOrHumans.load(options()));

    assertEquals(cut, e.path());
    assertTrue(e.getMessage().startsWith("Cannot decode " + cut + ": "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void refusesAPngThatIsNotAnImageNamingIt() {
    PngFixtures.writeTree(
        dir.resolve("train"),
        files(
            "horses/good.png", PngFixtures.png(RGB),
            "horses/fake.png", "this is not an image".getBytes(StandardCharsets.UTF_8)));
    Path fake = dir.resolve("train/horses/fake.png");

    DatasetException e = assertThrows(DatasetException.class, () -> HorsesOrHumans.load(options()));

    assertEquals(fake, e.path());
    assertEquals(
        "Cannot decode "
            + fake
            + ": Unknown image file format. One of JPEG, PNG, GIF, BMP required.",
        e.getMessage());
  }

  @Test
  void refusesAnEmptySplit() throws IOException {
    Files.createDirectories(dir.resolve("train/horses"));
    Files.createDirectories(dir.resolve("train/humans"));

    DatasetException e = assertThrows(DatasetException.class, () -> HorsesOrHumans.load(options()));

    assertEquals(dir.resolve("train"), e.path());
    assertEquals(
        "No images in " + dir.resolve("train") + " (expected horses/*.png and humans/*.png)",
        e.getMessage());
  }

  @Test
  void refusesAMissingDataFolder() {
    Path missing = dir.resolve("nope");

    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> HorsesOrHumans.load(LoadOptions.of(missing).withDownload(false)));

    assertEquals(missing, e.path());
    assertEquals("Data folder does not exist: " + missing, e.getMessage());
  }

  @Test
  void refusesAMissingTrainSplitWhenDownloadIsOff() {
    DatasetException e = assertThrows(DatasetException.class, () -> HorsesOrHumans.load(options()));

    assertEquals(dir, e.path());
    assertEquals(
        "Train split not found in "
            + dir
            + " (no train/ folder, no horse-or-human.zip)"
            + " and downloading is off",
        e.getMessage());
  }

  @Test
  void takeCopiesTheFirstExamplesIntoItsOwnTensors() {
    PngFixtures.writeTree(
        dir.resolve("train"),
        files(
            "horses/h1.png",
            PngFixtures.png(RGB),
            "horses/h2.png",
            PngFixtures.png(GREY),
            "humans/m1.png",
            PngFixtures.png(RGBA),
            "humans/m2.png",
            PngFixtures.png(GREY16)));
    Map<String, PngFixtures.Kind> kinds =
        Map.of(
            "horses/h1.png",
            RGB,
            "horses/h2.png",
            GREY,
            "humans/m1.png",
            RGBA,
            "humans/m2.png",
            GREY16);

    try (LoadedDataset data = HorsesOrHumans.load(options())) {
      ImageSplit all = data.train();
      ImageSplit first;
      try (ImageSplit two = all.take(2)) {
        assertEquals(all.fileNames().subList(0, 2), two.fileNames());
        assertEquals(Shape.of(2, 300, 300, 3), two.images().shape());
        assertEquals(labels(all).subList(0, 2), labels(two));
        first = two.take(1);
      }
      // two is closed: first must still be readable.
      try (first) {
        assertNull(
            PngFixtures.firstMismatch(first.images(), 0, kinds.get(first.fileNames().get(0))));
      }
      try (ImageSplit more = all.take(10)) {
        assertEquals(4, more.size());
      }
    }
  }

  static List<Long> labels(ImageSplit split) {
    Long[] values = new Long[split.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = split.labels().getLong(i);
    }
    return List.of(values);
  }

  static void assertSamePixels(TUint8 expected, TUint8 actual) {
    assertEquals(expected.shape(), actual.shape());
    assertArrayEquals(bytes(expected), bytes(actual));
  }

  static byte[] bytes(TUint8 tensor) {
    byte[] values = new byte[(int) tensor.size()];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return values;
  }
}
