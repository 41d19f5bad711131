package io.github.gctfjava.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a training step's time goes, op by op: TF's full trace of the step summed by op type, the
 * kernel TF chose (e.g. {@code _MklNativeConv2DBackpropFilterWithBias}), not the op the graph asked
 * for.
 *
 * @param ops every op type, the most time first
 * @param opMillis the ops' time, each op from its start to its end, summed (ops that overlap count
 *     twice; an op's own threads once)
 * @param wallMillis from the first op's start to the last op's end
 */
public record StepTrace(List<Op> ops, double opMillis, double wallMillis) {

  /** Op types shown by name; the rest are summed in one line. */
  static final int SHOWN = 12;

  /** A line of the printed table: op, calls, ms, share. */
  private static final String ROW = "  %-48s %6s %9s %7s%n";

  public StepTrace {
    ops = List.copyOf(ops);
  }

  /**
   * @param type the kernel's op type
   * @param calls how many times the step ran it
   * @param millis its time, summed over the calls
   */
  public record Op(String type, int calls, double millis) {}

  /** The step stats of a traced run, every device's. */
  public static StepTrace of(RunMetadata metadata) {
    Map<String, double[]> byType = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long start = node.getAllStartNanos();
        long duration = node.getAllEndRelNanos();
        first = Math.min(first, start);
        last = Math.max(last, start + duration);
        double[] sums = byType.computeIfAbsent(type(node), t -> new double[2]);
        sums[0]++;
        sums[1] += duration / 1e6;
      }
    }
    if (byType.isEmpty()) {
      throw new IllegalArgumentException("the run metadata holds no traced ops");
    }
    List<Op> ops = new ArrayList<>();
    byType.forEach((type, sums) -> ops.add(new Op(type, (int) sums[0], sums[1])));
    ops.sort(Comparator.comparingDouble(Op::millis).reversed());
    double opMillis = ops.stream().mapToDouble(Op::millis).sum();
    return new StepTrace(ops, opMillis, (last - first) / 1e6);
  }

  /**
   * A node's op type from its timeline label, {@code name = Type(inputs)}; TF's own nodes without
   * one ({@code _SOURCE}) by their name.
   */
  private static String type(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int equals = label.indexOf(" = ");
    int paren = label.indexOf('(', equals + 3);
    return equals < 0 || paren < 0 ? node.getNodeName() : label.substring(equals + 3, paren);
  }

  /** The op types with the most time, the rest in one line, then op time against wall time. */
  void print(PrintStream out) {
    out.printf(Locale.ROOT, ROW, "op", "calls", "ms", "share");
    for (Op op : ops.subList(0, Math.min(SHOWN, ops.size()))) {
      printRow(out, op.type(), op.calls(), op.millis());
    }
    if (ops.size() > SHOWN) {
      List<Op> rest = ops.subList(SHOWN, ops.size());
      printRow(
          out,
          "everything else (" + rest.size() + " op types)",
          rest.stream().mapToInt(Op::calls).sum(),
          rest.stream().mapToDouble(Op::millis).sum());
    }
    out.printf(
        Locale.ROOT,
        "  op time %.0f ms in %.0f ms from the first op's start to the last's end: %.2f ops"
            + " running at a time on average%n",
        opMillis,
        wallMillis,
        opMillis / wallMillis);
  }

  private void printRow(PrintStream out, String label, int calls, double millis) {
    out.printf(
        Locale.ROOT,
        ROW,
        label,
        calls,
        String.format(Locale.ROOT, "%.1f", millis),
        String.format(Locale.ROOT, "%.1f%%", 100 * millis / opMillis));
  }
}
