package io.github.gctfjava.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.training.History;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Both runs' loss and accuracy per epoch on one chart: what is plotted, where, and the PNG. */
class HistoryChartTest {
  @TempDir Path dir;

  private static History history(double[] loss, double[] accuracy) {
    History history = new History();
    for (int epoch = 0; epoch < loss.length; epoch++) {
      history.onEpochEnd(epoch, Map.of("loss", loss[epoch], "accuracy", accuracy[epoch]));
    }
    return history;
  }

  private static HistoryChart twoRuns() {
    return new HistoryChart()
        .add("RMSprop", history(new double[] {0.69, 0.61, 0.55}, new double[] {0.52, 0.64, 0.71}))
        .add(
            "GCRMSprop", history(new double[] {0.68, 0.57, 0.49}, new double[] {0.55, 0.69, 0.77}));
  }

  @Test
  void drawsEachRunsLossOnTheLeftAxisAndAccuracyOnTheRightByEpochFromOne() {
    XYChart chart = twoRuns().chart();

    Map<String, XYSeries> series = chart.getSeriesMap();
    assertEquals(
        List.of("RMSprop loss", "RMSprop accuracy", "GCRMSprop loss", "GCRMSprop accuracy"),
        List.copyOf(series.keySet()),
        "in the order the runs were added");
    XYSeries gcAccuracy = series.get("GCRMSprop accuracy");
    assertArrayEquals(
        new double[] {1, 2, 3}, gcAccuracy.getXData(), 0.0, "epochs as Keras prints them");
    assertArrayEquals(new double[] {0.55, 0.69, 0.77}, gcAccuracy.getYData(), 0.0);
    assertArrayEquals(new double[] {0.69, 0.61, 0.55}, series.get("RMSprop loss").getYData(), 0.0);
    assertEquals(0, series.get("RMSprop loss").getYAxisGroup(), "loss on the left axis");
    assertEquals(1, gcAccuracy.getYAxisGroup(), "accuracy on the right axis");
    assertEquals(
        series.get("RMSprop loss").getLineColor(),
        series.get("RMSprop accuracy").getLineColor(),
        "one colour per run");
    assertNotEquals(
        series.get("RMSprop loss").getLineColor(), series.get("GCRMSprop loss").getLineColor());
    assertTrue(gcAccuracy.getLineStyle().getDashArray() != null, "accuracy dashed");
    assertEquals(null, series.get("GCRMSprop loss").getLineStyle().getDashArray(), "loss solid");
  }

  @Test
  void thePictureShowsBothRunsColours() {
    BufferedImage image = twoRuns().toImage();

    assertEquals(List.of(900, 500), List.of(image.getWidth(), image.getHeight()));
    assertTrue(count(image, 0x1f77b4) > 100, "first run's blue curves drawn");
    assertTrue(count(image, 0xff7f0e) > 100, "second run's orange curves drawn");
  }

  @Test
  void writesAPngCreatingItsFolder() throws IOException {
    Path png = dir.resolve("plots/curves.png");

    twoRuns().write(png);

    BufferedImage read = ImageIO.read(png.toFile());
    assertEquals(List.of(900, 500), List.of(read.getWidth(), read.getHeight()));
  }

  @Test
  void aSingleEpochIsDrawnToo() {
    BufferedImage image =
        new HistoryChart()
            .add("RMSprop", history(new double[] {0.7}, new double[] {0.5}))
            .toImage();

    assertTrue(count(image, 0x1f77b4) > 20, "a one-point curve shows as its markers");
  }

  @Test
  void refusesRunsItCannotDraw() {
    HistoryChart chart = twoRuns();
    History lossOnly = new History();
    lossOnly.onEpochEnd(0, Map.of("loss", 0.7));

    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> chart.add("RMSprop", history(new double[] {0.7}, new double[] {0.5})));
    IllegalArgumentException noAccuracy =
        assertThrows(
            IllegalArgumentException.class, () -> new HistoryChart().add("adam", lossOnly));
    IllegalStateException empty =
        assertThrows(IllegalStateException.class, () -> new HistoryChart().toImage());

    assertEquals("a run named 'RMSprop' is on the chart already", twice.getMessage());
    assertEquals("run 'adam' recorded no 'accuracy'; recorded: [loss]", noAccuracy.getMessage());
    assertEquals("no run to draw; add one first", empty.getMessage());
  }

  private static int count(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
