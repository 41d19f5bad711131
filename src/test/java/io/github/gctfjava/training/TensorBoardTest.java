package io.github.gctfjava.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * The event files read back as TensorBoard reads them: TFRecord framing with CRCs, then TF's Event
 * protobufs.
 */
class TensorBoardTest {
  @TempDir Path dir;

  @Test
  void writesKerasEpochScalarsPerRunFolder() throws IOException {
    TensorBoard callback = new TensorBoard(dir, 1e-4);
    callback.onTrainBegin(Map.of());
    callback.onEpochEnd(0, logs(0.69, 0.5, 0.70, 0.45));
    callback.onEpochEnd(1, logs(0.61, 0.75, 0.66, 0.625));
    callback.onTrainEnd(Map.of());

    List<Event> train = events(dir.resolve("train"));
    assertEquals("brain.Event:2", train.get(0).getFileVersion());
    assertEquals(
        List.of(
            "0 epoch_loss=0.69",
            "0 epoch_accuracy=0.5",
            "0 epoch_learning_rate=1.0E-4",
            "1 epoch_loss=0.61",
            "1 epoch_accuracy=0.75",
            "1 epoch_learning_rate=1.0E-4"),
        scalars(train));
    List<Event> validation = events(dir.resolve("validation"));
    assertEquals("brain.Event:2", validation.get(0).getFileVersion());
    // Keras strips val_: the validation run has epoch_loss and epoch_accuracy, not epoch_val_loss.
    assertEquals(
        List.of(
            "0 epoch_loss=0.7",
            "0 epoch_accuracy=0.45",
            "1 epoch_loss=0.66",
            "1 epoch_accuracy=0.625"),
        scalars(validation));
  }

  @Test
  void withoutValidationThereIsNoValidationRun() throws IOException {
    TensorBoard callback = new TensorBoard(dir, null);
    callback.onEpochEnd(3, Map.of("loss", 0.5));
    callback.onTrainEnd(Map.of());
    assertEquals(List.of("3 epoch_loss=0.5"), scalars(events(dir.resolve("train"))));
    assertTrue(Files.notExists(dir.resolve("validation")));
  }

  /**
   * TFRecord's masked CRC-32C of "a", as TF's crc32c::Mask computes it: CRC-32C("a") = 0xc1d04330.
   */
  @Test
  void masksTheCrcAsTfDoes() {
    int crc = 0xc1d04330;
    assertEquals(
        ((crc >>> 15) | (crc << 17)) + 0xa282ead8, TensorBoard.maskedCrc(new byte[] {'a'}));
  }

  private static Map<String, Double> logs(
      double loss, double accuracy, double valLoss, double valAccuracy) {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", loss);
    logs.put("accuracy", accuracy);
    logs.put("val_loss", valLoss);
    logs.put("val_accuracy", valAccuracy);
    return logs;
  }

  private static List<String> scalars(List<Event> events) {
    List<String> values = new ArrayList<>();
    for (Event event : events) {
      for (Summary.Value value : event.getSummary().getValueList()) {
        values.add(event.getStep() + " " + value.getTag() + "=" + value.getSimpleValue());
      }
    }
    return values;
  }

  /** Every record of the one event file in {@code runDir}, each CRC checked. */
  private static List<Event> events(Path runDir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(runDir)) {
      files = list.toList();
    }
    assertEquals(1, files.size(), files.toString());
    assertTrue(
        files.get(0).getFileName().toString().startsWith("events.out.tfevents."), files.toString());
    ByteBuffer bytes =
        ByteBuffer.wrap(Files.readAllBytes(files.get(0))).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (bytes.hasRemaining()) {
      byte[] length = new byte[8];
      bytes.get(length);
      assertEquals(TensorBoard.maskedCrc(length), bytes.getInt(), "length CRC");
      byte[] data =
          new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      bytes.get(data);
      assertEquals(
          TensorBoard.maskedCrc(data), bytes.getInt(), "data CRC of " + Arrays.toString(data));
      events.add(Event.parseFrom(data));
    }
    return events;
  }
}
