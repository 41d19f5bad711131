package io.github.gctfjava.cli;

import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.example.FairProtocol;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.study.Machine;
import io.github.gctfjava.study.Study;
import io.github.gctfjava.study.StudyPlan;
import io.github.gctfjava.study.StudyReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code study}: the fair comparison of an optimizer pair on several seeds, on held-out data, and
 * its report.
 */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    description =
        "Run the fair protocol for an optimizer pair on several seeds, each run a run folder, and write a "
            + "report of the held-out figures: per seed, mean ± sd, paired differences with 95% confidence intervals.")
final class StudyCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Mixin TrainingOptions training;

  @Mixin LearningRateOption rate;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      defaultValue = "5",
      description = "Seeds 1..N (default: ${DEFAULT-VALUE}).")
  int seedCount;

  @Option(
      names = "--seed-list",
      paramLabel = "S,S,...",
      split = ",",
      description = "These seeds instead of 1..N.")
  List<Long> seedList;

  @Option(
      names = "--optimizers",
      paramLabel = "A,B",
      split = ",",
      defaultValue = "rmsprop,gc-rmsprop",
      description = "The pair, the baseline first (default: ${DEFAULT-VALUE}).")
  List<String> optimizers;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "The study's folder; must not exist or be empty (default: models/study-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Continue the study in DIR with its recorded plan (finished runs are kept, an interrupted one "
              + "continues from its last checkpoint); on a finished study, rewrite its report. Only --data may be given "
              + "with it.")
  Path resume;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintStream console = System.out;
    Study study;
    if (resume != null) {
      requireOnlyDataWithResume();
      study = Study.open(resume);
      if (given("--data")) {
        study = study.withData(TrainCommand.dataDir(data));
      }
      if (!study.finished()) {
        data.data = Path.of(study.plan().data());
        data.resize = study.plan().resize();
        try (LoadedDataset dataset = data.load(console)) {
          study.run(dataset, optimizers(study.plan()), console);
        }
      }
    } else {
      StudyPlan plan = plan();
      try (LoadedDataset dataset = data.load(console)) {
        Study.check(dataset, plan);
        // Made once the plan and the data are known good.
        study = Study.create(out != null ? out : TrainCommand.defaultRunFolder("study"), plan);
        study.run(dataset, optimizers(plan), console);
      }
    }
    StudyReport report = StudyReport.of(study);
    report.write();
    console.println();
    console.print(report.tables());
    console.println();
    console.println(
        "Wrote "
            + study.dir().resolve(StudyReport.REPORT)
            + " and "
            + study.dir().resolve(StudyReport.CHART));
    return 0;
  }

  private StudyPlan plan() {
    optimizers.forEach(name -> OptimizerConfig.of(name, rate.learningRate));
    data.validate();
    if (given("--seed")) {
      throw new IllegalArgumentException(
          "study draws its seeds from --seeds N or --seed-list, not --seed");
    }
    List<Long> seeds =
        seedList != null
            ? seedList
            : LongStream.rangeClosed(1, Math.max(seedCount, 0)).boxed().toList();
    // A confidence interval over seeds needs two of them at least (Student's t with n - 1 degrees
    // of freedom).
    if (seeds.stream().distinct().count() < 2) {
      throw new IllegalArgumentException(
          (seedList != null ? "--seed-list " + seedList : "--seeds " + seedCount)
              + ": a study needs at least 2 distinct seeds for its confidence intervals");
    }
    return new StudyPlan(
        optimizers,
        seeds,
        training.epochs,
        training.batchSize,
        rate.learningRate,
        data.limit,
        TrainCommand.dataDir(data),
        data.resize,
        data.validationSplit,
        Machine.describe());
  }

  private static FairProtocol.Optimizers optimizers(StudyPlan plan) {
    return (name, graph) -> OptimizerConfig.of(name, plan.learningRate()).create(graph);
  }

  private void requireOnlyDataWithResume() {
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      if (!List.of("--resume", "--data").contains(option.longestName())) {
        throw new IllegalArgumentException(
            option.longestName()
                + " cannot be given with --resume: a resumed study"
                + " keeps the plan in its "
                + Study.PLAN
                + " (only --data may move)");
      }
    }
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }
}
