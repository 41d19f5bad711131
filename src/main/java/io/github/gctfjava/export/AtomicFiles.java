package io.github.gctfjava.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files and folders that appear whole or not at all: written under a hidden temporary name, flushed
 * to disk, then renamed, so that a process killed at any moment leaves either the previous version
 * or the new one, never half of one.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** What fills a temporary file or folder. */
  @FunctionalInterface
  interface Writer {
    void write(Path temporary) throws IOException;
  }

  /** Writes {@code file} through {@code writer}, replacing an existing one atomically. */
  static void writeFile(Path file, Writer writer) {
    Path temporary = temporarySibling(file);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(temporary);
      writer.write(temporary);
      fsync(temporary);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsync(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the folder {@code dir} through {@code writer}, which fills an empty temporary folder. An
   * existing {@code dir} is deleted just before the rename (a folder cannot be renamed over a
   * non-empty one), so a kill in that instant leaves neither: callers keep an older copy elsewhere
   * (the previous checkpoint) or can write it again (an export).
   */
  static void writeDirectory(Path dir, Writer writer) {
    Path temporary = temporarySibling(dir);
    try {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      deleteRecursively(temporary);
      Files.createDirectory(temporary);
      writer.write(temporary);
      try (Stream<Path> files = Files.walk(temporary)) {
        for (Path file : files.toList()) {
          fsync(file);
        }
      }
      deleteRecursively(dir);
      Files.move(temporary, dir, StandardCopyOption.ATOMIC_MOVE);
      fsync(dir.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a folder and everything in it; absent is fine. It is first renamed to a hidden name, so
   * that a kill halfway leaves no half-deleted folder under its real name.
   */
  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Path doomed = path;
    if (!path.getFileName().toString().startsWith(".")) {
      doomed = path.resolveSibling("." + path.getFileName() + ".deleting");
      deleteRecursively(doomed);
      Files.move(path, doomed, StandardCopyOption.ATOMIC_MOVE);
    }
    try (Stream<Path> tree = Files.walk(doomed)) {
      List<Path> deepestFirst = tree.sorted(Comparator.reverseOrder()).toList();
      for (Path p : deepestFirst) {
        Files.delete(p);
      }
    }
  }

  private static Path temporarySibling(Path path) {
    return path.resolveSibling("." + path.getFileName() + ".partial");
  }

  /** Forces a file's (or a folder's entries') bytes to disk before it is renamed into place. */
  private static void fsync(Path path) throws IOException {
    boolean dir = Files.isDirectory(path);
    try (FileChannel channel =
        FileChannel.open(path, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a folder as a channel; its entries are then flushed by the OS.
      if (!dir) {
        throw e;
      }
    }
  }
}
