package io.github.gctfjava.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code History}: every epoch's logs, as {@code history.history['loss'][-1]} reads them.
 */
public class History extends Callback {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> history = new LinkedHashMap<>();

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    logs.forEach((name, value) -> history.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
  }

  /** Keras's {@code history.epoch}: the epochs recorded, 0-based. */
  public List<Integer> epoch() {
    return Collections.unmodifiableList(epochs);
  }

  /** Keras's {@code history.history}: metric name to its value at each epoch. */
  public Map<String, List<Double>> history() {
    return Collections.unmodifiableMap(history);
  }

  /** The last epoch's value of a metric ({@code history.history[name][-1]}). */
  public double last(String metric) {
    List<Double> values = history.get(metric);
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(
          "no epoch recorded '" + metric + "'; recorded: " + history.keySet());
    }
    return values.get(values.size() - 1);
  }
}
