package io.github.gctfjava.export;

/**
 * What a training run was asked to do, as {@code config.json} of its run folder records it; a
 * resumed run reads it back so that it continues with the same settings.
 *
 * @param optimizer the optimizer's name: a Keras name ({@code adam}), or one prefixed {@code gc-}
 *     or {@code gcc-}
 * @param epochs the epochs the run trains in all
 * @param limit the number of training images used, or null for all
 * @param data the data folder, absolute
 * @param resize whether images that are not 300x300 were resized
 * @param protocol for a run of {@code compare}, how it started ({@code fair} or {@code keras-io});
 *     null for {@code train}
 * @param momentum the optimizer's momentum (sgd, rmsprop), null when not given
 * @param nesterov whether sgd's momentum is Nesterov's
 * @param clipvalue Keras's {@code clipvalue}, null when not given; likewise {@code clipnorm} and
 *     {@code globalClipnorm}
 * @param validationSplit the {@code --validation-split} fraction asked for, or null
 * @param validation what the run was evaluated on after each epoch (the test split, or the subjects
 *     held out), or null for nothing
 * @param precision the Keras dtype policy asked for ({@code float32}, {@code mixed_bfloat16}); a
 *     run folder from before the option trained in float32
 */
public record RunConfig(
    String optimizer,
    int epochs,
    int batchSize,
    float learningRate,
    long seed,
    Integer limit,
    String data,
    boolean resize,
    String protocol,
    Float momentum,
    boolean nesterov,
    Float clipvalue,
    Float clipnorm,
    Float globalClipnorm,
    Double validationSplit,
    String validation,
    String precision) {

  public RunConfig {
    precision = precision == null ? "float32" : precision;
  }

  /** This configuration asking for {@code newEpochs} in all (a resumed run may be extended). */
  public RunConfig withEpochs(int newEpochs) {
    return with(newEpochs, data, validation);
  }

  /** This configuration reading its data from {@code newData} (the same data set, moved). */
  public RunConfig withData(String newData) {
    return with(epochs, newData, validation);
  }

  /** This configuration recording what the run is evaluated on. */
  public RunConfig withValidation(String newValidation) {
    return with(epochs, data, newValidation);
  }

  /** The one copy the withers share: every other component as it is. */
  private RunConfig with(int newEpochs, String newData, String newValidation) {
    return new RunConfig(
        optimizer,
        newEpochs,
        batchSize,
        learningRate,
        seed,
        limit,
        newData,
        resize,
        protocol,
        momentum,
        nesterov,
        clipvalue,
        clipnorm,
        globalClipnorm,
        validationSplit,
        newValidation,
        precision);
  }
}
