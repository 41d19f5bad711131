package io.github.gctfjava.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The still-encoded images of one split, read from a folder {@code split/{horses,humans}/*.png} or
 * from an official zip archive (top-level {@code horses/} and {@code humans/}), in TFDS's order.
 *
 * <p>Which files count is TFDS's rule for the archives, {@code ^(humans|horses)/[\w-]*\.png$} on
 * the name relative to the split; anything else is skipped. The order follows TFDS's writer too:
 * when it prepares a split, TFDS sorts the examples by MD5(split name + example key) read as an
 * unsigned 128-bit number ({@code tfds.core.hashing.Hasher}, salt = split name), the key of an
 * archive member being this relative name. So the order is stable, the same for a folder and a zip,
 * mixes the two classes (the first 10 train examples are 7 horses, 3 humans) and {@code take(n)}
 * should pick TFDS's first {@code n} (same rule; not compared with a TFDS build here, which this
 * machine lacks).
 *
 * @param fileNames names relative to the split, e.g. {@code horses/horse01-0.png}
 * @param labels index into {@link HorsesOrHumans#LABEL_NAMES} of each example
 * @param zipped whether {@code source} is a zip archive (else the split's folder)
 */
record EncodedSplit(
    String name,
    Path source,
    boolean zipped,
    List<String> fileNames,
    long[] labels,
    List<byte[]> contents) {

  private static final Pattern TFDS_NAME =
      Pattern.compile("^(humans|horses)/[\\w-]*\\.png$", Pattern.UNICODE_CHARACTER_CLASS);

  int size() {
    return fileNames.size();
  }

  /** The file to blame for example {@code i}: the image, or the archive holding it. */
  Path path(int i) {
    return zipped ? source : source.resolve(fileNames.get(i));
  }

  /** Example {@code i} as named in messages: a path, or {@code archive.zip!horses/x.png}. */
  String where(int i) {
    return zipped ? source + "!" + fileNames.get(i) : path(i).toString();
  }

  /**
   * The split in {@code folder}; a stray class folder or a dangling link gets one line on {@code
   * log}.
   */
  static EncodedSplit fromFolder(String split, Path folder, PrintStream log) {
    warnAboutStrayFolders(folder, log);
    List<Example> examples = new ArrayList<>();
    for (String label : HorsesOrHumans.LABEL_NAMES) {
      Path labelDir = folder.resolve(label);
      if (!Files.isDirectory(labelDir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> listing = Files.list(labelDir)) {
        files =
            listing
                .sorted()
                .filter(
                    file -> {
                      if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                        log.println("Skipping " + file + ": a symbolic link to nothing");
                      }
                      return Files.isRegularFile(file);
                    })
                .collect(Collectors.toList());
      } catch (IOException e) {
        throw new DatasetException(labelDir, "Cannot list " + labelDir + ": " + e.getMessage(), e);
      }
      for (Path file : files) {
        String name = label + "/" + file.getFileName();
        if (labelOf(name) >= 0) {
          examples.add(new Example(name, readFile(file)));
        }
      }
    }
    return of(split, folder, false, examples);
  }

  private static void warnAboutStrayFolders(Path folder, PrintStream log) {
    try (Stream<Path> listing = Files.list(folder)) {
      listing
          .sorted()
          .filter(
              p ->
                  Files.isDirectory(p)
                      && !HorsesOrHumans.LABEL_NAMES.contains(p.getFileName().toString()))
          .forEach(
              p ->
                  log.println(
                      "Skipping "
                          + p
                          + ": not a class folder (the classes are "
                          + String.join(" and ", HorsesOrHumans.LABEL_NAMES)
                          + ")"));
    } catch (IOException e) {
      throw new DatasetException(folder, "Cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  static EncodedSplit fromZip(String split, Path zip) {
    List<Example> examples = new ArrayList<>();
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : archive.stream().collect(Collectors.toList())) {
        if (!entry.isDirectory() && labelOf(entry.getName()) >= 0) {
          examples.add(new Example(entry.getName(), readEntry(archive, entry, zip)));
        }
      }
    } catch (IOException e) {
      throw new DatasetException(
          zip, "Cannot read zip archive " + zip + " (truncated or corrupt?): " + e.getMessage(), e);
    }
    return of(split, zip, true, examples);
  }

  private static EncodedSplit of(
      String split, Path source, boolean zipped, List<Example> examples) {
    if (examples.isEmpty()) {
      throw new DatasetException(
          source, "No images in " + source + " (expected horses/*.png and humans/*.png)");
    }
    Map<String, byte[]> keys =
        examples.stream()
            .collect(Collectors.toMap(Example::name, e -> tfdsHash(split, e.name()), (a, b) -> a));
    examples.sort(Comparator.comparing((Example e) -> keys.get(e.name()), Arrays::compareUnsigned));
    return new EncodedSplit(
        split,
        source,
        zipped,
        examples.stream().map(Example::name).collect(Collectors.toUnmodifiableList()),
        examples.stream().mapToLong(e -> labelOf(e.name())).toArray(),
        examples.stream().map(Example::content).collect(Collectors.toUnmodifiableList()));
  }

  /** The label of a name relative to the split, or -1 when TFDS skips that file. */
  private static int labelOf(String name) {
    Matcher m = TFDS_NAME.matcher(name);
    return m.matches() ? HorsesOrHumans.LABEL_NAMES.indexOf(m.group(1)) : -1;
  }

  /** TFDS's shuffle key: MD5(salt + key), compared as an unsigned 128-bit number. */
  private static byte[] tfdsHash(String split, String key) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(split.getBytes(StandardCharsets.UTF_8));
      return md5.digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }

  private static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DatasetException(file, "Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readEntry(ZipFile archive, ZipEntry entry, Path zip) {
    try (InputStream in = archive.getInputStream(entry)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new DatasetException(
          zip,
          "Cannot read "
              + zip
              + "!"
              + entry.getName()
              + " (truncated or corrupt archive?): "
              + e.getMessage(),
          e);
    }
  }

  private record Example(String name, byte[] content) {}
}
