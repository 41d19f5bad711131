package io.github.gctfjava.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Two optimizers' held-out accuracy per epoch over several seeds: for each, the mean over seeds as
 * a line, mean ± one standard deviation as a band, and each seed's final value as a point beside
 * the last epoch.
 */
public final class StudyChart {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 520;
  // Matplotlib's first two colours, as HistoryChart draws runs.
  private static final List<Color> COLORS = List.of(new Color(0x1f77b4), new Color(0xff7f0e));

  /**
   * How far beside the last epoch each optimizer's final points sit, so the two sets do not hide
   * each other.
   */
  private static final double POINT_OFFSET = 0.12;

  private final List<String> names;
  private final List<List<List<Double>>> curves;

  /**
   * @param first the first optimizer's name
   * @param firstCurves its held-out accuracy per epoch, one list per seed, all of the same length
   * @param second the second optimizer's name
   * @param secondCurves likewise
   */
  public StudyChart(
      String first,
      List<List<Double>> firstCurves,
      String second,
      List<List<Double>> secondCurves) {
    this.names = List.of(first, second);
    this.curves = List.of(firstCurves, secondCurves);
    for (int i = 0; i < 2; i++) {
      List<List<Double>> seeds = curves.get(i);
      if (seeds.isEmpty()
          || seeds.stream()
              .anyMatch(c -> c.isEmpty() || c.size() != seeds.get(0).size() || c.contains(null))) {
        throw new IllegalArgumentException(
            "optimizer '"
                + names.get(i)
                + "' needs one held-out accuracy per epoch"
                + " for every seed, the same number of epochs each");
      }
    }
  }

  /** Writes the chart as a PNG, creating the file's folder if needed. */
  public void write(Path png) {
    Png.write(BitmapEncoder.getBufferedImage(chart()), png);
  }

  XYChart chart() {
    int seeds = curves.get(0).size();
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Held-out accuracy per epoch, mean ± sd over " + seeds + " seeds")
            .xAxisTitle("Epoch")
            .yAxisTitle("Held-out accuracy")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setAntiAlias(true);
    for (int i = 0; i < 2; i++) {
      add(chart, names.get(i), curves.get(i), COLORS.get(i), (i == 0 ? -1 : 1) * POINT_OFFSET);
    }
    return chart;
  }

  private static void add(
      XYChart chart, String name, List<List<Double>> seeds, Color color, double offset) {
    int epochs = seeds.get(0).size();
    List<Double> x = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    List<Double> sd = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      int epoch = e;
      double[] values = seeds.stream().mapToDouble(c -> c.get(epoch)).toArray();
      double m = java.util.Arrays.stream(values).average().orElseThrow();
      double squares = java.util.Arrays.stream(values).map(v -> (v - m) * (v - m)).sum();
      x.add(e + 1.0); // Keras counts epochs from 1 when it prints them
      mean.add(m);
      sd.add(values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0);
    }
    List<Double> bandX = new ArrayList<>(x);
    List<Double> bandY = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      bandY.add(mean.get(e) + sd.get(e));
    }
    for (int e = epochs - 1; e >= 0; e--) {
      bandX.add(x.get(e));
      bandY.add(mean.get(e) - sd.get(e));
    }
    XYSeries band = chart.addSeries(name + " mean ± sd", bandX, bandY);
    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
    band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
    band.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
    band.setMarker(SeriesMarkers.NONE);

    XYSeries line = chart.addSeries(name + " mean", x, mean);
    line.setLineColor(color);
    line.setLineStyle(SeriesLines.SOLID);
    line.setMarker(SeriesMarkers.CIRCLE);
    line.setMarkerColor(color);

    List<Double> finalX = new ArrayList<>();
    List<Double> finalY = new ArrayList<>();
    for (List<Double> curve : seeds) {
      finalX.add(epochs + offset);
      finalY.add(curve.get(epochs - 1));
    }
    XYSeries points = chart.addSeries(name + " each seed's final", finalX, finalY);
    points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    points.setMarker(SeriesMarkers.DIAMOND);
    points.setMarkerColor(color);
  }
}
