package io.github.gctfjava.export;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.gctfjava.training.History;
import io.github.gctfjava.training.TimeHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's per-epoch figures, every epoch once, also across a resume: Keras's History ({@code loss},
 * {@code accuracy}, and {@code val_loss}, {@code val_accuracy} when fit had validation data) with
 * the example's TimeHistory seconds beside them.
 */
public record RunHistory(List<Epoch> epochs) {
  private static final List<String> COLUMNS =
      List.of("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds");

  /**
   * One epoch's figures.
   *
   * @param epoch 0-based, as Keras's {@code history.epoch} and CSVLogger count
   * @param accuracy null when the model was compiled without the metric
   * @param valLoss the loss on the validation data after the epoch, null without validation data
   * @param valAccuracy likewise for accuracy
   */
  @JsonPropertyOrder({"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"})
  public record Epoch(
      int epoch, double loss, Double accuracy, Double valLoss, Double valAccuracy, double seconds) {
    /** An epoch trained without validation data. */
    public Epoch(int epoch, double loss, Double accuracy, double seconds) {
      this(epoch, loss, accuracy, null, null, seconds);
    }

    /** The epoch's figures from fit's epoch logs. */
    public static Epoch of(int epoch, Map<String, Double> logs, double seconds) {
      return new Epoch(
          epoch,
          logs.get("loss"),
          logs.get("accuracy"),
          logs.get("val_loss"),
          logs.get("val_accuracy"),
          seconds);
    }

    Object get(String column) {
      return switch (column) {
        case "epoch" -> epoch;
        case "loss" -> loss;
        case "accuracy" -> accuracy;
        case "val_loss" -> valLoss;
        case "val_accuracy" -> valAccuracy;
        case "seconds" -> seconds;
        default -> throw new IllegalArgumentException("no column " + column);
      };
    }
  }

  public RunHistory {
    epochs = List.copyOf(epochs);
    for (int i = 0; i < epochs.size(); i++) {
      if (epochs.get(i).epoch() != i) {
        throw new IllegalArgumentException(
            "epochs must be 0, 1, 2, ... in order; entry "
                + i
                + " is epoch "
                + epochs.get(i).epoch());
      }
    }
  }

  public static RunHistory empty() {
    return new RunHistory(List.of());
  }

  /** A whole run's figures from its History and TimeHistory (which must cover the same epochs). */
  public static RunHistory of(History history, TimeHistory times) {
    List<Epoch> epochs = new ArrayList<>();
    for (int i = 0; i < history.epoch().size(); i++) {
      Map<String, Double> logs = new LinkedHashMap<>();
      for (Map.Entry<String, List<Double>> metric : history.history().entrySet()) {
        logs.put(metric.getKey(), metric.getValue().get(i));
      }
      epochs.add(Epoch.of(history.epoch().get(i), logs, times.times().get(i)));
    }
    return new RunHistory(epochs);
  }

  /** The history of a run folder's {@code history.json} ({@link #writeJson}). */
  public static RunHistory readJson(Path file) {
    Map<String, List<Double>> columns;
    try {
      columns =
          Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, List<Double>>>() {});
    } catch (IOException e) {
      throw new ExportException(
          file, "Cannot read run history " + file + ": " + RunFolder.firstLine(e), e);
    }
    List<Double> loss = columns.get("loss");
    if (loss == null || columns.get("seconds") == null) {
      throw new ExportException(file, "Run history " + file + " lacks its loss or seconds column");
    }
    List<Epoch> epochs = new ArrayList<>();
    for (int i = 0; i < loss.size(); i++) {
      epochs.add(
          new Epoch(
              i,
              loss.get(i),
              at(columns, "accuracy", i),
              at(columns, "val_loss", i),
              at(columns, "val_accuracy", i),
              columns.get("seconds").get(i)));
    }
    return new RunHistory(epochs);
  }

  private static Double at(Map<String, List<Double>> columns, String name, int i) {
    List<Double> column = columns.get(name);
    return column == null ? null : column.get(i);
  }

  /**
   * Keras's {@code history.history}: each metric recorded (loss, accuracy, val_*) to its value per
   * epoch.
   */
  public Map<String, List<Double>> metrics() {
    Map<String, List<Double>> metrics = new LinkedHashMap<>();
    for (String column : columns()) {
      if (!column.equals("epoch") && !column.equals("seconds")) {
        metrics.put(column, epochs.stream().map(epoch -> (Double) epoch.get(column)).toList());
      }
    }
    return metrics;
  }

  /** The last epoch's figures. */
  public Epoch last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("the history has no epoch");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** This history with the next epoch's figures appended. */
  public RunHistory plus(Epoch next) {
    List<Epoch> longer = new ArrayList<>(epochs);
    longer.add(next);
    return new RunHistory(longer);
  }

  /** Total training seconds: the example's {@code sum(time_callback.times)}. */
  public double totalSeconds() {
    return epochs.stream().mapToDouble(Epoch::seconds).sum();
  }

  /**
   * One row per epoch, {@code epoch,loss,accuracy,val_loss,val_accuracy,seconds} as Keras's
   * CSVLogger writes its logs; columns no epoch has (no metric, no validation data) are left out.
   */
  public void writeCsv(Path file) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    List<String> columns = columns();
    columns.forEach(schema::addColumn);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Epoch epoch : epochs) {
      Map<String, Object> row = new LinkedHashMap<>();
      columns.forEach(column -> row.put(column, epoch.get(column)));
      rows.add(row);
    }
    AtomicFiles.writeFile(
        file,
        temporary -> new CsvMapper().writer(schema.build()).writeValue(temporary.toFile(), rows));
  }

  /**
   * Columns as Keras's {@code history.history}, plus {@code epoch} and {@code seconds}: {@code
   * json.load(f)["val_loss"]} reads as {@code history.history["val_loss"]} does.
   */
  public void writeJson(Path file) {
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    for (String column : columns()) {
      columns.put(column, epochs.stream().map(epoch -> epoch.get(column)).toList());
    }
    Json.write(file, columns);
  }

  private List<String> columns() {
    return COLUMNS.stream()
        .filter(
            column ->
                epochs.isEmpty() || epochs.stream().anyMatch(epoch -> epoch.get(column) != null))
        .toList();
  }
}
