package io.github.gctfjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a loopback server: success, interruption and resume, bad bytes, HTTP errors. */
class ArchiveDownloaderTest {
  private static final byte[] CONTENT = randomBytes(300_000, 1);

  @TempDir Path dir;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final ArchiveDownloader downloader =
      new ArchiveDownloader(new PrintStream(logBytes, true, StandardCharsets.UTF_8));

  private static RemoteArchive archive(LoopbackServer server) {
    return new RemoteArchive(server.uri("a.zip"), "a.zip", CONTENT.length, sha256(CONTENT));
  }

  private Path target() {
    return dir.resolve("a.zip");
  }

  private Path part() {
    return dir.resolve("a.zip.part");
  }

  @Test
  void downloadsVerifiesAndRenames() throws IOException {
    try (LoopbackServer server =
        new LoopbackServer((exchange, i) -> LoopbackServer.serve(exchange, CONTENT, true))) {
      Path file = downloader.download(archive(server), dir);

      assertEquals(target(), file);
      assertArrayEquals(CONTENT, Files.readAllBytes(file));
      assertFalse(Files.exists(part()));
      List<String> lines = logBytes.toString(StandardCharsets.UTF_8).lines().toList();
      assertEquals("Downloading data from " + server.uri("a.zip"), lines.get(0));
      assertTrue(
          lines.get(1).startsWith("300000/300000 [==============================] - "),
          lines.get(1));
    }
  }

  @Test
  void keepsAnInterruptedDownloadAndResumesItWithARangeRequest() throws IOException {
    int cutAt = 120_000;
    try (LoopbackServer server =
        new LoopbackServer(
            (exchange, i) -> {
              if (i == 0) {
                LoopbackServer.cut(exchange, CONTENT, cutAt);
              } else {
                LoopbackServer.serve(exchange, CONTENT, true);
              }
            })) {
      DatasetException e =
          assertThrows(DatasetException.class, () -> downloader.download(archive(server), dir));
      assertEquals(part(), e.path());
      assertTrue(
          e.getMessage().startsWith("Download of " + server.uri("a.zip") + " stopped at "),
          e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertFalse(Files.exists(target()));
      long kept = Files.size(part());
      assertTrue(kept > 0 && kept <= cutAt, "kept " + kept);
      assertArrayEquals(Arrays.copyOf(CONTENT, (int) kept), Files.readAllBytes(part()));

      Path file = downloader.download(archive(server), dir);

      assertEquals(List.of("", "bytes=" + kept + "-"), server.ranges);
      assertArrayEquals(CONTENT, Files.readAllBytes(file));
      assertFalse(Files.exists(part()));
    }
  }

  @Test
  void startsOverWhenTheServerIgnoresTheRange() throws IOException {
    Files.write(part(), randomBytes(1000, 2));
    try (LoopbackServer server =
        new LoopbackServer((exchange, i) -> LoopbackServer.serve(exchange, CONTENT, false))) {
      Path file = downloader.download(archive(server), dir);

      assertEquals(List.of("bytes=1000-"), server.ranges);
      assertArrayEquals(CONTENT, Files.readAllBytes(file));
    }
  }

  @Test
  void removesADownloadWhoseSha256IsWrong() {
    byte[] wrong = randomBytes(CONTENT.length, 3);
    try (LoopbackServer server =
        new LoopbackServer((exchange, i) -> LoopbackServer.serve(exchange, wrong, true))) {
      DatasetException e =
          assertThrows(DatasetException.class, () -> downloader.download(archive(server), dir));

      assertEquals(part(), e.path());
      assertEquals(
          "Downloaded "
              + server.uri("a.zip")
              + " has sha256 "
              + sha256(wrong)
              + ", expected "
              + sha256(CONTENT)
              + "; removed "
              + part(),
          e.getMessage());
      assertFalse(Files.exists(part()));
      assertFalse(Files.exists(target()));
    }
  }

  @Test
  void removesADownloadOfTheWrongSize() {
    byte[] longer = Arrays.copyOf(CONTENT, CONTENT.length + 10);
    try (LoopbackServer server =
        new LoopbackServer((exchange, i) -> LoopbackServer.serve(exchange, longer, true))) {
      DatasetException e =
          assertThrows(DatasetException.class, () -> downloader.download(archive(server), dir));

      assertEquals(
          "Downloaded "
              + server.uri("a.zip")
              + " has 300010 bytes, expected 300000; removed "
              + part(),
          e.getMessage());
      assertFalse(Files.exists(part()));
    }
  }

  @Test
  void reportsAnHttpError() {
    try (LoopbackServer server =
        new LoopbackServer((exchange, i) -> LoopbackServer.status(exchange, 404))) {
      DatasetException e =
          assertThrows(DatasetException.class, () -> downloader.download(archive(server), dir));

      assertEquals(part(), e.path());
      assertEquals("Download of " + server.uri("a.zip") + " failed: HTTP 404", e.getMessage());
      assertFalse(Files.exists(target()));
    }
  }

  @Test
  void removesAPartTheServerCannotContinue() throws IOException {
    Files.write(part(), randomBytes(1000, 4));
    try (LoopbackServer server =
        new LoopbackServer((exchange, i) -> LoopbackServer.status(exchange, 416))) {
      DatasetException e =
          assertThrows(DatasetException.class, () -> downloader.download(archive(server), dir));

      assertTrue(
          e.getMessage().startsWith("Download of " + server.uri("a.zip") + " failed: HTTP 416"),
          e.getMessage());
      assertFalse(Files.exists(part()));
    }
  }

  @Test
  void loadDownloadsBothArchivesIntoAnEmptyDataFolder() throws IOException {
    Map<String, byte[]> images =
        Map.of(
            "horses/h1.png",
            PngFixtures.png(PngFixtures.Kind.RGB),
            "humans/m1.png",
            PngFixtures.png(PngFixtures.Kind.GREY));
    byte[] trainZip = PngFixtures.zip(images);
    byte[] testZip =
        PngFixtures.zip(Map.of("humans/m2.png", PngFixtures.png(PngFixtures.Kind.RGBA)));
    try (LoopbackServer server =
        new LoopbackServer(
            (exchange, i) ->
                LoopbackServer.serve(
                    exchange,
                    exchange.getRequestURI().getPath().endsWith("train.zip") ? trainZip : testZip,
                    true))) {
      RemoteArchive train =
          new RemoteArchive(
              server.uri("train.zip"), "horse-or-human.zip", trainZip.length, sha256(trainZip));
      RemoteArchive test =
          new RemoteArchive(
              server.uri("test.zip"),
              "validation-horse-or-human.zip",
              testZip.length,
              sha256(testZip));
      LoadOptions options =
          LoadOptions.of(dir)
              .withArchives(train, test)
              .withLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));

      try (LoadedDataset data = HorsesOrHumans.load(options)) {
        assertEquals(2, data.train().size());
        assertEquals(List.of("humans/m2.png"), data.test().orElseThrow().fileNames());
      }
      String log = logBytes.toString(StandardCharsets.UTF_8);
      assertTrue(log.contains("Downloading data from " + server.uri("train.zip")), log);
      assertTrue(log.contains("Downloading data from " + server.uri("test.zip")), log);
      assertArrayEquals(trainZip, Files.readAllBytes(dir.resolve("horse-or-human.zip")));
      assertArrayEquals(testZip, Files.readAllBytes(dir.resolve("validation-horse-or-human.zip")));
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
