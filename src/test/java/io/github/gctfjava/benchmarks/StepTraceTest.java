package io.github.gctfjava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.layers.Dense;
import io.github.gctfjava.layers.Flatten;
import io.github.gctfjava.optimizers.RMSprop;
import io.github.gctfjava.training.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class StepTraceTest {
  private static NodeExecStats node(String name, String label, long startNs, long durationNs) {
    return NodeExecStats.newBuilder()
        .setNodeName(name)
        .setTimelineLabel(label)
        .setAllStartNanos(startNs)
        .setAllEndRelNanos(durationNs)
        .build();
  }

  /** Op time summed by the type in each label, over both devices; wall from first start to end. */
  @Test
  void sumsOpTimeByTypeOverEveryDevice() {
    RunMetadata metadata =
        RunMetadata.newBuilder()
            .setStepStats(
                StepStats.newBuilder()
                    .addDevStats(
                        DeviceStepStats.newBuilder()
                            .addNodeStats(node("_SOURCE", "", 1_000_000, 0))
                            .addNodeStats(
                                node(
                                    "c1", "c1 = _MklNativeFusedConv2D(x, w)", 1_000_000, 3_000_000))
                            .addNodeStats(node("r", "r = ReluGrad(g, y)", 4_000_000, 500_000)))
                    .addDevStats(
                        DeviceStepStats.newBuilder()
                            .addNodeStats(
                                node(
                                    "c2",
                                    "c2 = _MklNativeFusedConv2D(r, w2)",
                                    2_000_000,
                                    4_000_000))))
            .build();
    StepTrace trace = StepTrace.of(metadata);
    assertEquals(
        List.of(
            new StepTrace.Op("_MklNativeFusedConv2D", 2, 7.0),
            new StepTrace.Op("ReluGrad", 1, 0.5),
            new StepTrace.Op("_SOURCE", 1, 0.0)),
        trace.ops());
    assertEquals(7.5, trace.opMillis(), 1e-12);
    // From 1 ms (the first start) to 6 ms (c2's end).
    assertEquals(5.0, trace.wallMillis(), 1e-12);
    assertThrows(
        IllegalArgumentException.class, () -> StepTrace.of(RunMetadata.newBuilder().build()));
  }

  /** Past the shown types the rest is one line, with its calls and share. */
  @Test
  void printsTheRestInOneLine() {
    DeviceStepStats.Builder device = DeviceStepStats.newBuilder();
    int types = StepTrace.SHOWN + 3;
    for (int i = 0; i < types; i++) {
      // Type i takes (i + 1) ms; the three smallest (1, 2, 3 ms) are left to the last line.
      device.addNodeStats(node("n" + i, "n" + i + " = Op" + i + "()", 0, (i + 1) * 1_000_000L));
    }
    StepTrace trace =
        StepTrace.of(
            RunMetadata.newBuilder()
                .setStepStats(StepStats.newBuilder().addDevStats(device))
                .build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    trace.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);
    double total = types * (types + 1) / 2.0;
    assertTrue(table.contains("everything else (3 op types)"), table);
    assertTrue(
        table
            .lines()
            .anyMatch(
                l ->
                    l.contains("everything else")
                        && l.contains(" 3 ")
                        && l.contains(" 6.0 ")
                        && l.contains(String.format("%.1f%%", 100 * 6 / total))),
        table);
    assertTrue(table.contains("Op14"), table);
    assertTrue(!table.contains("Op2 "), table);
    assertTrue(table.contains(String.format("%.2f ops running at a time", total / types)), table);
  }

  /**
   * A traced step on a real model is the same step as trainOnBatch's (the weights agree with a
   * twin's), and its trace holds the dense layers' matrix products.
   */
  @Test
  void aTracedStepIsAnOrdinaryStep() {
    try (Sequential traced = model();
        Sequential plain = model();
        TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(2, 2, 2, 1), DataBuffers.of(0.1f, 0.9f, 0.3f, 0.7f, 1f, 0f, 0.5f, 0.25f));
        TInt64 y = TInt64.vectorOf(0, 1)) {
      traced.compile("binary_crossentropy", new RMSprop(traced.graph(), 0.1f));
      plain.compile("binary_crossentropy", new RMSprop(plain.graph(), 0.1f));
      StepTrace trace = StepTrace.of(traced.traceTrainOnBatch(x, y));
      plain.trainOnBatch(x, y);
      assertTrue(
          trace.ops().stream().anyMatch(op -> op.type().contains("MatMul")),
          trace.ops().toString());
      assertTrue(trace.opMillis() > 0 && trace.wallMillis() > 0, trace.toString());
      assertEquals(1, traced.trainCounter());
      try (Result a = traced.getWeights();
          Result b = plain.getWeights()) {
        for (int i = 0; i < a.size(); i++) {
          assertArrayEquals(values((TFloat32) a.get(i)), values((TFloat32) b.get(i)), 0f);
        }
      }
    }
  }

  private static Sequential model() {
    Sequential model =
        new Sequential(
            "m",
            Shape.of(2, 2, 1),
            List.of(new Flatten(), new Dense(3, "relu"), new Dense(1, "sigmoid")));
    model.setSeed(7);
    return model;
  }

  private static float[] values(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(values, false, false));
    return values;
  }
}
