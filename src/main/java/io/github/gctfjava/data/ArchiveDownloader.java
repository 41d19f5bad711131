package io.github.gctfjava.data;

import io.github.gctfjava.utils.FileDigest;
import io.github.gctfjava.utils.Progbar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Downloads a {@link RemoteArchive} as Keras's {@code get_file} does (a {@code Downloading data
 * from URL} line, then a progress bar), but safely: bytes go to {@code name.part}, which is renamed
 * to {@code name} only once its size and sha256 match. An interrupted download keeps its {@code
 * .part} and the next call resumes it with an HTTP {@code Range} request (starting over when the
 * server ignores ranges); a {@code .part} that fails verification is deleted.
 */
final class ArchiveDownloader {
  private static final int BUFFER_BYTES = 1 << 16;

  private final HttpClient client;
  private final PrintStream log;

  ArchiveDownloader(PrintStream log) {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    this.log = log;
  }

  /** Downloads {@code archive} into {@code dir} and returns the verified file. */
  Path download(RemoteArchive archive, Path dir) {
    Path target = dir.resolve(archive.fileName());
    Path part = dir.resolve(archive.fileName() + ".part");
    log.println("Downloading data from " + archive.url());
    long have = sizeOrZero(part);
    if (have < archive.size()) {
      fetch(archive, part, have);
    }
    verify(archive, part);
    try {
      return Files.move(
          part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new DatasetException(
          target, "Cannot rename " + part + " to " + target + ": " + e.getMessage(), e);
    }
  }

  private void fetch(RemoteArchive archive, Path part, long have) {
    HttpRequest.Builder request = HttpRequest.newBuilder(archive.url()).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new DatasetException(part, "Download of " + archive.url() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException(part, "Download of " + archive.url() + " interrupted", e);
    }
    int status = response.statusCode();
    String contentRange = response.headers().firstValue("Content-Range").orElse("");
    boolean resumed = status == 206;
    long written = resumed ? have : 0;
    try (InputStream body = response.body()) {
      if (status == 416) {
        delete(part);
        throw new DatasetException(
            part,
            "Download of "
                + archive.url()
                + " failed: HTTP 416, the server"
                + " has no bytes after the "
                + have
                + " already in "
                + part
                + "; removed it");
      }
      if (status != 200 && status != 206) {
        throw new DatasetException(
            part, "Download of " + archive.url() + " failed: HTTP " + status);
      }
      if (resumed && !contentRange.startsWith("bytes " + have + "-")) {
        throw new DatasetException(
            part,
            "Download of "
                + archive.url()
                + " failed: asked for bytes "
                + have
                + "- but got Content-Range "
                + contentRange);
      }
      Progbar bar = new Progbar(archive.size(), "byte", log, Progbar.dynamicDisplay());
      try (OutputStream out =
          Files.newOutputStream(
              part,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int r; (r = body.read(buffer)) >= 0; ) {
          out.write(buffer, 0, r);
          written += r;
          bar.update(Math.min(written, archive.size()));
        }
      }
    } catch (IOException e) {
      throw interrupted(archive, part, written, e.toString());
    }
    if (written < archive.size()) {
      throw interrupted(archive, part, written, "the server closed the connection");
    }
  }

  private static DatasetException interrupted(
      RemoteArchive archive, Path part, long written, String reason) {
    return new DatasetException(
        part,
        "Download of "
            + archive.url()
            + " stopped at "
            + written
            + " of "
            + archive.size()
            + " bytes ("
            + reason
            + "); run again to resume it from "
            + part);
  }

  /** Checks size then sha256; deletes the file when either is wrong. */
  private static void verify(RemoteArchive archive, Path part) {
    long size = sizeOrZero(part);
    if (size != archive.size()) {
      delete(part);
      throw new DatasetException(
          part,
          "Downloaded "
              + archive.url()
              + " has "
              + size
              + " bytes, expected "
              + archive.size()
              + "; removed "
              + part);
    }
    String sha256 = sha256(part);
    if (!sha256.equalsIgnoreCase(archive.sha256())) {
      delete(part);
      throw new DatasetException(
          part,
          "Downloaded "
              + archive.url()
              + " has sha256 "
              + sha256
              + ", expected "
              + archive.sha256()
              + "; removed "
              + part);
    }
  }

  static String sha256(Path file) {
    try {
      return FileDigest.of(file).sha256();
    } catch (IOException e) {
      throw new DatasetException(file, "Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new DatasetException(file, "Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DatasetException(file, "Cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
