package io.github.gctfjava.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class-path magics that IJava 1.3 and JJava share, {@code %jars} and {@code %classpath},
 * resolved as they resolve them: each argument a path relative to the kernel's working folder (the
 * notebook's folder), {@code *} and {@code ?} matching within the last path segment.
 */
final class Magics {
  private Magics() {}

  /** A cell-magic or line-magic line ({@code %%name} or {@code %name}). */
  static boolean isMagic(String line) {
    return line.stripLeading().startsWith("%");
  }

  /**
   * The class-path entries a magic line adds.
   *
   * @param baseDir the folder relative paths start from
   * @throws NotebookException for a magic other than {@code %jars} and {@code %classpath}, or an
   *     argument that matches no file
   */
  static List<Path> classPath(String line, Path baseDir) {
    String[] words = check(line);
    String name = words[0];
    List<Path> entries = new ArrayList<>();
    for (int i = 1; i < words.length; i++) {
      List<Path> matched = glob(baseDir, words[i], name.equals("%jars"));
      if (matched.isEmpty()) {
        throw new NotebookException(
            name
                + " "
                + words[i]
                + " matches no file in "
                + baseDir.toAbsolutePath()
                + " (build the project first: mvn package)");
      }
      entries.addAll(matched);
    }
    return entries;
  }

  /**
   * The magic's words, name first.
   *
   * @throws NotebookException for a magic other than {@code %jars} and {@code %classpath}
   */
  static String[] check(String line) {
    String[] words = line.strip().split("\\s+");
    if (!words[0].equals("%jars") && !words[0].equals("%classpath")) {
      throw new NotebookException(
          "unsupported magic "
              + words[0]
              + " in `"
              + line.strip()
              + "`: the runner knows %jars and %classpath");
    }
    return words;
  }

  private static List<Path> glob(Path baseDir, String pattern, boolean jarsOnly) {
    Path path = baseDir.resolve(pattern);
    String last = path.getFileName().toString();
    if (!last.contains("*") && !last.contains("?")) {
      if (jarsOnly && Files.isDirectory(path)) {
        return list(path, "*");
      }
      return Files.exists(path) ? List.of(path.normalize()) : List.of();
    }
    return list(path.getParent(), last);
  }

  private static List<Path> list(Path dir, String glob) {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> matched = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      files.forEach(
          file -> {
            if (Files.isRegularFile(file)) {
              matched.add(file.normalize());
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    matched.sort(null);
    return matched;
  }
}
