package io.github.gctfjava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the data folder comes from: the given folder, else $HOH_DATA, else datasets/. */
class LoadOptionsTest {
  @Test
  void prefersTheGivenFolder() {
    assertEquals(Path.of("/given"), LoadOptions.of(Path.of("/given"), "/from/env").dataDir());
  }

  @Test
  void fallsBackToTheEnvironmentThenToDatasets() {
    assertEquals(Path.of("/from/env"), LoadOptions.of(null, "/from/env").dataDir());
    assertEquals(Path.of("datasets"), LoadOptions.of(null, null).dataDir());
    assertEquals(Path.of("datasets"), LoadOptions.of(null, " ").dataDir());
  }

  @Test
  void defaultsAreTfdsLoads() {
    LoadOptions options = LoadOptions.of(Path.of("d"), null);
    assertTrue(options.download());
    assertFalse(options.resize());
    assertEquals(HorsesOrHumans.TRAIN_ARCHIVE, options.trainArchive());
    assertEquals(HorsesOrHumans.TEST_ARCHIVE, options.testArchive());
    assertEquals(149_574_867L, options.trainArchive().size());
    assertEquals(
        "https://storage.googleapis.com/download.tensorflow.org/data/validation-horse-or-human.zip",
        options.testArchive().url().toString());
  }
}
