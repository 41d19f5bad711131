package io.github.gctfjava.study;

import java.util.List;

/**
 * What a study was asked to do, as its {@code study.json} records it; {@code study --resume}
 * continues with it.
 *
 * @param optimizers the pair, as the command line names them: the baseline first, then the one
 *     compared with it (e.g. {@code rmsprop}, {@code gc-rmsprop})
 * @param seeds one fair comparison per seed, in this order
 * @param limit the number of training images used (before the hold-out), or null for all
 * @param data the data folder, absolute
 * @param validationSplit the fraction of subjects held out when the data set has no test split
 * @param machine the machine the study was started on ({@link Machine#describe})
 */
public record StudyPlan(
    List<String> optimizers,
    List<Long> seeds,
    int epochs,
    int batchSize,
    float learningRate,
    Integer limit,
    String data,
    boolean resize,
    Double validationSplit,
    String machine) {

  public StudyPlan {
    optimizers = List.copyOf(optimizers);
    seeds = List.copyOf(seeds);
    if (optimizers.size() != 2 || optimizers.get(0).equals(optimizers.get(1))) {
      throw new IllegalArgumentException(
          "--optimizers must name two different optimizers, got " + optimizers);
    }
    if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
      throw new IllegalArgumentException(
          "--seeds must give at least one seed, each once, got " + seeds);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
  }

  /** This plan reading its data from {@code newData} (the same data set, moved). */
  public StudyPlan withData(String newData) {
    return new StudyPlan(
        optimizers,
        seeds,
        epochs,
        batchSize,
        learningRate,
        limit,
        newData,
        resize,
        validationSplit,
        machine);
  }
}
