package io.github.gctfjava.plot;

import io.github.gctfjava.training.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss and accuracy of training runs per epoch, every run on one chart so they can be compared
 * at a glance (what one plots from Keras's {@code history.history}).
 *
 * <p>Each run has its colour; loss is drawn solid on the left axis, accuracy dashed on the right
 * one, since the two are on different scales; the validation figures, when a run has them, dotted.
 */
public final class HistoryChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;
  private static final int LOSS_AXIS = 0;
  private static final int ACCURACY_AXIS = 1;
  // Matplotlib's default colour cycle, the colours Keras users know from plotting history.history.
  private static final List<Color> COLORS =
      List.of(
          new Color(0x1f77b4),
          new Color(0xff7f0e),
          new Color(0x2ca02c),
          new Color(0xd62728),
          new Color(0x9467bd));
  private static final BasicStroke DASHED =
      new BasicStroke(
          2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);
  private static final BasicStroke DOTTED =
      new BasicStroke(
          2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 4f}, 0f);

  private final Map<String, Map<String, List<Double>>> runs = new LinkedHashMap<>();

  /**
   * Adds a run, drawn in the order added.
   *
   * @param name the run's legend, e.g. {@code "RMSprop"}
   * @param history the run's History, with {@code loss} and {@code accuracy} for at least one epoch
   * @throws IllegalArgumentException if the name is taken or the history lacks a metric
   */
  public HistoryChart add(String name, History history) {
    return add(name, history.history());
  }

  /**
   * Adds a run from its metrics as Keras's {@code history.history} holds them: {@code loss} and
   * {@code accuracy}, and {@code val_loss} and {@code val_accuracy} when it had validation data
   * (drawn dotted, in the run's colour).
   */
  public HistoryChart add(String name, Map<String, List<Double>> metrics) {
    if (runs.containsKey(name)) {
      throw new IllegalArgumentException("a run named '" + name + "' is on the chart already");
    }
    for (String metric : List.of("loss", "accuracy")) {
      if (metrics.getOrDefault(metric, List.of()).isEmpty()) {
        throw new IllegalArgumentException(
            "run '" + name + "' recorded no '" + metric + "'; recorded: " + metrics.keySet());
      }
    }
    runs.put(name, metrics);
    return this;
  }

  /** The chart as an image, e.g. for a notebook's {@code display(...)}. */
  public BufferedImage toImage() {
    return BitmapEncoder.getBufferedImage(chart());
  }

  /** Writes the chart as a PNG, creating the file's folder if needed. */
  public void write(Path png) {
    Png.write(toImage(), png);
  }

  XYChart chart() {
    if (runs.isEmpty()) {
      throw new IllegalStateException("no run to draw; add one first");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Training loss and accuracy per epoch")
            .xAxisTitle("Epoch")
            .build();
    chart.setYAxisGroupTitle(LOSS_AXIS, "Loss (solid; validation dotted)");
    chart.setYAxisGroupTitle(ACCURACY_AXIS, "Accuracy (dashed; validation dotted)");
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setYAxisGroupPosition(ACCURACY_AXIS, Styler.YAxisPosition.Right);
    styler.setXAxisDecimalPattern("0");
    styler.setMarkerSize(7);
    styler.setAntiAlias(true);
    int i = 0;
    for (Map.Entry<String, Map<String, List<Double>>> run : runs.entrySet()) {
      Color color = COLORS.get(i++ % COLORS.size());
      for (String metric : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
        List<Double> values = run.getValue().get(metric);
        if (values != null && !values.isEmpty() && !values.contains(null)) {
          addCurve(chart, run.getKey() + " " + metric, values, metric, color);
        }
      }
    }
    return chart;
  }

  private static void addCurve(
      XYChart chart, String name, List<Double> values, String metric, Color color) {
    List<Integer> epochs = new ArrayList<>();
    for (int epoch = 1; epoch <= values.size(); epoch++) {
      epochs.add(epoch); // Keras counts epochs from 1 when it prints them
    }
    XYSeries series = chart.addSeries(name, epochs, values);
    boolean accuracy = metric.endsWith("accuracy");
    series.setYAxisGroup(accuracy ? ACCURACY_AXIS : LOSS_AXIS);
    series.setLineColor(color);
    series.setMarkerColor(color);
    if (metric.startsWith("val_")) {
      series.setLineStyle(DOTTED);
      series.setMarker(accuracy ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.DIAMOND);
    } else if (accuracy) {
      series.setLineStyle(DASHED);
      series.setMarker(SeriesMarkers.SQUARE);
    } else {
      series.setLineStyle(SeriesLines.SOLID);
      series.setMarker(SeriesMarkers.CIRCLE);
    }
  }
}
