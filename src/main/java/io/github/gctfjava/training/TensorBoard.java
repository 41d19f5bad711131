package io.github.gctfjava.training;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Keras's {@code TensorBoard(log_dir)} callback, for its epoch scalars: after every epoch, event
 * files under {@code logDir/train} get {@code epoch_loss}, {@code epoch_accuracy} and {@code
 * epoch_learning_rate}, and those under {@code logDir/validation} the {@code val_} figures without
 * their prefix, at step = the epoch (0-based), as Keras writes them. {@code tensorboard --logdir
 * logDir} shows them.
 *
 * <p>The files are TF's own format: TF's {@code Event} protobufs in TFRecord framing, one new file
 * per {@code fit} (a resumed run adds a file and continues the steps), flushed at every epoch end
 * so that a running TensorBoard sees each epoch as it ends.
 */
public class TensorBoard extends Callback {
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  private static final String VALIDATION_PREFIX = "val_";

  private final Path logDir;
  private final Double learningRate;
  private final Map<String, OutputStream> writers = new LinkedHashMap<>();

  /**
   * @param logDir where {@code train/} and {@code validation/} go
   * @param learningRate written as {@code epoch_learning_rate} after every epoch; null for none
   */
  public TensorBoard(Path logDir, Double learningRate) {
    this.logDir = logDir;
    this.learningRate = learningRate;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Map<String, Summary.Builder> summaries = new LinkedHashMap<>();
    logs.forEach(
        (name, value) -> {
          boolean validation = name.startsWith(VALIDATION_PREFIX);
          String tag = "epoch_" + (validation ? name.substring(VALIDATION_PREFIX.length()) : name);
          summaries
              .computeIfAbsent(validation ? VALIDATION : TRAIN, k -> Summary.newBuilder())
              .addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue()));
        });
    if (learningRate != null) {
      summaries
          .computeIfAbsent(TRAIN, k -> Summary.newBuilder())
          .addValue(
              Summary.Value.newBuilder()
                  .setTag("epoch_learning_rate")
                  .setSimpleValue(learningRate.floatValue()));
    }
    summaries.forEach(
        (run, summary) ->
            write(
                run,
                Event.newBuilder().setWallTime(now()).setStep(epoch).setSummary(summary).build()));
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    for (OutputStream writer : writers.values()) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot close TensorBoard events under " + logDir + ": " + e.getMessage(), e);
      }
    }
    writers.clear();
  }

  private void write(String run, Event event) {
    try {
      OutputStream out = writers.get(run);
      if (out == null) {
        Path dir = Files.createDirectories(logDir.resolve(run));
        // TensorBoard finds event files by "tfevents" in the name; the first record gives the
        // format.
        Path file =
            dir.resolve(
                "events.out.tfevents."
                    + (long) now()
                    + ".gc-tfjava."
                    + ProcessHandle.current().pid());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
        writers.put(run, out);
        writeRecord(
            out,
            Event.newBuilder()
                .setWallTime(now())
                .setFileVersion("brain.Event:2")
                .build()
                .toByteArray());
      }
      writeRecord(out, event.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write TensorBoard events under " + logDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * TFRecord framing: length, its masked CRC-32C, the data, its masked CRC-32C (all little-endian).
   */
  static void writeRecord(OutputStream out, byte[] data) throws IOException {
    byte[] length =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(length);
    out.write(int32(maskedCrc(length)));
    out.write(data);
    out.write(int32(maskedCrc(data)));
  }

  /** TFRecord's mask over CRC-32C, so that a CRC of data holding CRCs stays well distributed. */
  static int maskedCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + 0xa282ead8;
  }

  private static byte[] int32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
