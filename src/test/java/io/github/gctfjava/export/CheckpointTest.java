package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.training.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Checkpoints of a small CNN with dropout, written, read back, damaged. */
class CheckpointTest {
  @TempDir Path dir;

  private static void trainTwoSteps(Sequential model) {
    try (TFloat32 x =
            ExportFixtures.rescaled(
                ExportFixtures.randomImage(300, 300, 5), ExportFixtures.randomImage(300, 300, 6));
        TInt64 y = TInt64.vectorOf(0, 1)) {
      model.trainOnBatch(x, y);
      model.trainOnBatch(x, y);
    }
  }

  private static RunHistory history(int epochs) {
    RunHistory history = RunHistory.empty();
    for (int i = 0; i < epochs; i++) {
      history = history.plus(new RunHistory.Epoch(i, 0.5 + i, 0.25, 2.0));
    }
    return history;
  }

  /** Every VariableV2 of the model's graph: the weights and the optimizer's slots. */
  private static List<String> variableNames(Sequential model) {
    List<String> names = new ArrayList<>();
    model
        .graph()
        .operations()
        .forEachRemaining(
            op -> {
              if (op.type().equals("VariableV2")) {
                names.add(op.name());
              }
            });
    return names;
  }

  /** One float tensor of a TF checkpoint, read by TF's RestoreV2. */
  private static float[] read(Path prefix, String name) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var restored =
          tf.train.restore(
              tf.constant(prefix.toString()),
              tf.constant(StandardCharsets.UTF_8, new String[] {name}),
              tf.constant(StandardCharsets.UTF_8, new String[] {""}),
              List.of(TFloat32.class));
      try (Result r = s.runner().fetch(restored.tensors().get(0)).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
        return values;
      }
    }
  }

  @Test
  void roundTripRestoresEveryVariableAndSlotExactly() {
    // The same seed (dropout's draws are keyed by it, and a run's config keeps it); the restored
    // model starts from the untrained initial weights and zero slots.
    try (Sequential trained = ExportFixtures.smallModel(1);
        Sequential restored = ExportFixtures.smallModel(1)) {
      trainTwoSteps(trained);
      Checkpoint written = Checkpoint.write(dir, trained, history(3));
      assertEquals(dir.resolve("epoch-0003"), written.dir());

      Checkpoint read = Checkpoint.read(written.dir());
      assertEquals(3, read.epoch());
      assertEquals(2, read.trainCounter());
      assertEquals(history(3), read.history());
      read.restore(restored);
      assertEquals(2, restored.trainCounter(), "train counter (dropout's key) restored");

      Path resaved = dir.resolve("resaved/variables");
      restored.saveWeights(resaved);
      List<String> names = variableNames(trained);
      assertEquals(8, names.size(), "4 weights (kernels, biases) and their 4 rms slots: " + names);
      assertEquals(names, variableNames(restored));
      for (String name : names) {
        float[] expected = read(written.variablesPrefix(), name);
        assertArrayEquals(expected, read(resaved, name), 0f, name + " restored bit for bit");
        if (name.endsWith("-rms")) {
          assertTrue(
              max(expected) > 0,
              name + " is non-zero, so a slot left at its initial zeros would fail");
        }
      }
      // Training on continues identically: same weights, slots and dropout draws.
      trainTwoSteps(trained);
      trainTwoSteps(restored);
      ExportFixtures.assertSameWeights(trained, restored);
    }
  }

  @Test
  void aTruncatedCheckpointIsRefusedAndThePreviousOneIsUsed() throws IOException {
    try (Sequential model = ExportFixtures.smallModel(1)) {
      trainTwoSteps(model);
      Checkpoint.write(dir, model, history(1));
      Checkpoint second = Checkpoint.write(dir, model, history(2));
      Path data = second.dir().resolve("variables.data-00000-of-00001");
      long size = Files.size(data);
      try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
        file.setLength(size / 2);
      }

      ExportException refused =
          assertThrows(ExportException.class, () -> Checkpoint.read(second.dir()));
      assertEquals(data, refused.path());
      assertEquals(
          "Checkpoint file " + data + " is damaged: " + size / 2 + " bytes, expected " + size,
          refused.getMessage());

      ByteArrayOutputStream log = new ByteArrayOutputStream();
      Optional<Checkpoint> latest =
          BackupAndRestore.latest(dir, new PrintStream(log, true, StandardCharsets.UTF_8));
      assertEquals(Optional.of(dir.resolve("epoch-0001")), latest.map(Checkpoint::dir));
      assertEquals(
          "Skipping checkpoint "
              + second.dir()
              + ": "
              + refused.getMessage()
              + System.lineSeparator(),
          log.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aChangedByteOrACutManifestIsRefused() throws IOException {
    try (Sequential model = ExportFixtures.smallModel(1)) {
      Checkpoint checkpoint = Checkpoint.write(dir, model, history(1));
      Path index = checkpoint.dir().resolve("variables.index");
      byte[] bytes = Files.readAllBytes(index);
      bytes[bytes.length / 2] ^= 1;
      Files.write(index, bytes);
      ExportException flipped =
          assertThrows(ExportException.class, () -> Checkpoint.read(checkpoint.dir()));
      assertTrue(flipped.getMessage().contains("SHA-256"), flipped.getMessage());

      Path manifest = checkpoint.dir().resolve(Checkpoint.MANIFEST);
      String json = Files.readString(manifest);
      Files.writeString(manifest, json.substring(0, json.length() / 2));
      ExportException cut =
          assertThrows(ExportException.class, () -> Checkpoint.read(checkpoint.dir()));
      assertEquals(manifest, cut.path());
      assertTrue(
          cut.getMessage().startsWith("Checkpoint manifest " + manifest + " is damaged: "),
          cut.getMessage());
      assertFalse(cut.getMessage().contains("\n"), "one line");
    }
  }

  @Test
  void noCheckpointYetIsEmptyAndLeftoversOfAKilledWriteAreIgnored() throws IOException {
    Files.createDirectories(dir.resolve(".epoch-0001.partial"));
    Files.writeString(dir.resolve(".epoch-0001.partial/variables.index"), "half");
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    assertEquals(Optional.empty(), BackupAndRestore.latest(dir, silent));
    assertEquals(Optional.empty(), BackupAndRestore.latest(dir.resolve("absent"), silent));
  }

  @Test
  void theTestsCheckpointReaderFailsOnAnUnknownName() {
    // The round trip compares tensors read by name: a name that is not there must not read as
    // anything.
    try (Sequential model = ExportFixtures.smallModel(1)) {
      Checkpoint checkpoint = Checkpoint.write(dir, model, history(1));
      assertThrows(
          RuntimeException.class, () -> read(checkpoint.variablesPrefix(), "no_such_variable"));
    }
  }

  private static float max(float[] values) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
