package io.github.gctfjava.utils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's size and SHA-256 (lower-case hex), read in one pass, to tell a complete file from a
 * damaged one.
 */
public record FileDigest(long bytes, String sha256) {

  /**
   * Reads the whole file.
   *
   * @throws IOException when it cannot be read; the caller wraps it in its own typed error
   */
  public static FileDigest of(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      long bytes = in.transferTo(OutputStream.nullOutputStream());
      return new FileDigest(bytes, HexFormat.of().formatHex(digest.digest()));
    }
  }
}
