package io.github.gctfjava.cli;

import io.github.gctfjava.export.ImageClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code predict}: an exported model on image files, as any client of the SavedModel would run it.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Classify image files with an exported SavedModel: horses or humans, with the probability of humans.")
final class PredictCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "A SavedModel folder: a run's saved_model/ or what export wrote.")
  Path model;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "PNG, JPEG, GIF or BMP images, of any size.")
  List<Path> files;

  @Override
  public Integer call() {
    try (ImageClassifier classifier = ImageClassifier.load(model)) {
      for (Path file : files) {
        System.out.println(classifier.predict(file));
      }
    }
    return 0;
  }
}
