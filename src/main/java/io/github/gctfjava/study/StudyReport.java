package io.github.gctfjava.study;

import io.github.gctfjava.export.RunHistory;
import io.github.gctfjava.plot.StudyChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A finished study's {@code report.md} and picture, made from its run folders alone: the protocol,
 * the split and the machine; per seed the final training and held-out figures and the time of both
 * optimizers, their mean ± standard deviation; the paired differences with their 95% confidence
 * intervals and the seeds won.
 */
public final class StudyReport {
  public static final String REPORT = "report.md";
  public static final String CHART = "held-out-accuracy.png";

  /**
   * The five per-seed columns of an optimizer: train loss, train accuracy, held-out loss and
   * accuracy, seconds.
   */
  private static final List<ToDoubleFunction<RunHistory>> FIGURES =
      List.of(
          last(RunHistory.Epoch::loss),
          last(RunHistory.Epoch::accuracy),
          last(RunHistory.Epoch::valLoss),
          last(RunHistory.Epoch::valAccuracy),
          RunHistory::totalSeconds);

  private static final int SECONDS = 4;

  private final Study study;
  private final List<List<RunHistory>> histories;

  private StudyReport(Study study) {
    this.study = study;
    this.histories = study.histories();
  }

  /** The report of {@code study}, every run of which has finished. */
  public static StudyReport of(Study study) {
    return new StudyReport(study);
  }

  /** Writes {@code report.md} and the chart into the study's folder; returns the report's text. */
  public String write() {
    StudyPlan plan = study.plan();
    new StudyChart(plan.optimizers().get(0), column(0), plan.optimizers().get(1), column(1))
        .write(study.dir().resolve(CHART));
    String text = markdown();
    Path file = study.dir().resolve(REPORT);
    Path temporary = file.resolveSibling("." + REPORT + ".partial");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return text;
  }

  /**
   * The per-seed table, its mean ± sd rows and the paired differences, as the report and the
   * console show them.
   */
  public String tables() {
    StudyPlan plan = study.plan();
    String a = plan.optimizers().get(0);
    String b = plan.optimizers().get(1);
    StringBuilder md = new StringBuilder();
    md.append("| seed |");
    for (String optimizer : plan.optimizers()) {
      md.append(
          String.format(
              " %1$s train loss | %1$s train acc | %1$s held-out loss | %1$s held-out acc | %1$s time (s) |",
              optimizer));
    }
    md.append('\n').append("|---:|").append("---:|".repeat(2 * FIGURES.size())).append('\n');
    for (int s = 0; s < plan.seeds().size(); s++) {
      md.append("| ").append(plan.seeds().get(s)).append(" |");
      for (RunHistory run : histories.get(s)) {
        RunHistory.Epoch last = run.last();
        md.append(
            String.format(
                Locale.ROOT,
                " %.4f | %.4f | %.4f | %.4f | %.1f |",
                last.loss(),
                last.accuracy(),
                last.valLoss(),
                last.valAccuracy(),
                run.totalSeconds()));
      }
      md.append('\n');
    }
    md.append("| mean ± sd |");
    for (int o = 0; o < 2; o++) {
      for (int f = 0; f < FIGURES.size(); f++) {
        double[] values = values(o, FIGURES.get(f));
        md.append(
            String.format(
                Locale.ROOT,
                f == SECONDS ? " %.1f ± %.1f |" : " %.4f ± %.4f |",
                PairedDifference.mean(values),
                PairedDifference.standardDeviation(values)));
      }
    }
    md.append("\n\n");
    md.append("Paired difference ")
        .append(b)
        .append(" − ")
        .append(a)
        .append(" over ")
        .append(plan.seeds().size())
        .append(" seeds (95% confidence interval of the mean from Student's t, ")
        .append(plan.seeds().size() - 1)
        .append(" degrees of freedom):\n\n");
    md.append("| figure | mean difference | sd | 95% CI | seeds ").append(b).append(" won |\n");
    md.append("|---|---:|---:|---|---:|\n");
    difference(
        md,
        "held-out accuracy",
        values(0, last(RunHistory.Epoch::valAccuracy)),
        values(1, last(RunHistory.Epoch::valAccuracy)),
        true);
    difference(
        md,
        "held-out loss",
        values(0, last(RunHistory.Epoch::valLoss)),
        values(1, last(RunHistory.Epoch::valLoss)),
        false);
    difference(
        md,
        "train accuracy",
        values(0, last(RunHistory.Epoch::accuracy)),
        values(1, last(RunHistory.Epoch::accuracy)),
        true);
    difference(
        md,
        "train loss",
        values(0, last(RunHistory.Epoch::loss)),
        values(1, last(RunHistory.Epoch::loss)),
        false);
    return md.toString();
  }

  private static void difference(
      StringBuilder md, String name, double[] baseline, double[] other, boolean higherIsBetter) {
    PairedDifference d = PairedDifference.of(baseline, other, higherIsBetter);
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %+.4f | %.4f | [%+.4f, %+.4f] | %d of %d%s |\n",
            name,
            d.mean(),
            d.sd(),
            d.low(),
            d.high(),
            d.wins(),
            d.n(),
            d.ties() == 0 ? "" : " (" + d.ties() + " tied)"));
  }

  private String markdown() {
    StudyPlan plan = study.plan();
    StringBuilder md = new StringBuilder();
    md.append("# ")
        .append(plan.optimizers().get(1))
        .append(" against ")
        .append(plan.optimizers().get(0))
        .append(": held-out figures over ")
        .append(plan.seeds().size())
        .append(" seeds\n\n");
    md.append("Written by `study` from the run folders in this folder.\n\n");
    md.append("## Protocol\n\n");
    md.append(
            "The fair protocol of `compare` on each seed: both optimizers train the example CNN from the same"
                + " initial weights (drawn from the seed), each with a fresh optimizer, on the same batches (shuffles and"
                + " augmentation drawn from the seed, per epoch) with the same dropout draws, for ")
        .append(plan.epochs())
        .append(" epochs, batch size ")
        .append(plan.batchSize())
        .append(", learning rate ")
        .append(plan.learningRate())
        .append(
            ". After every epoch each model is evaluated on the held-out images"
                + " (dropout off, no augmentation, batches of ")
        .append(plan.batchSize())
        .append("). Seeds: ")
        .append(plan.seeds())
        .append(". Data: `")
        .append(plan.data())
        .append('`')
        .append(plan.limit() == null ? "" : ", the first " + plan.limit() + " training images")
        .append(".\n\n");
    md.append("## What was held out\n\n");
    List<String> validation = study.validation();
    for (int s = 0; s < plan.seeds().size(); s++) {
      md.append("- seed ")
          .append(plan.seeds().get(s))
          .append(": ")
          .append(validation.get(s))
          .append('\n');
    }
    md.append(
        "\nThe subjects (one horse or one person, the file name up to its last `-`) are held out whole, since"
            + " the frames of one subject are near-duplicates; each seed holds out other subjects, so the spread"
            + " below includes the spread of the split.\n\n");
    md.append("## Machine\n\n")
        .append(plan.machine())
        .append(
            ". Times are wall-clock training seconds (TimeHistory,"
                + " evaluation included) and depend on what else ran on the machine.\n\n");
    md.append(
        "## Results\n\nFinal epoch's figures of each run (train: the epoch's running means, with dropout and"
            + " augmentation, as Keras prints them; held-out: evaluated after the epoch):\n\n");
    md.append(tables());
    md.append("\n![Held-out accuracy per epoch](").append(CHART).append(")\n\n");
    md.append(
        "The chart: each optimizer's held-out accuracy per epoch, the mean over seeds (line) and mean ± one"
            + " standard deviation (band), with each seed's final value as a point.\n");
    return md.toString();
  }

  private static ToDoubleFunction<RunHistory> last(ToDoubleFunction<RunHistory.Epoch> figure) {
    return run -> figure.applyAsDouble(run.last());
  }

  private double[] values(int optimizer, ToDoubleFunction<RunHistory> figure) {
    return histories.stream()
        .mapToDouble(pair -> figure.applyAsDouble(pair.get(optimizer)))
        .toArray();
  }

  /** One optimizer's held-out accuracy per epoch, one list per seed. */
  private List<List<Double>> column(int optimizer) {
    List<List<Double>> curves = new ArrayList<>();
    for (List<RunHistory> pair : histories) {
      curves.add(pair.get(optimizer).epochs().stream().map(RunHistory.Epoch::valAccuracy).toList());
    }
    return curves;
  }
}
