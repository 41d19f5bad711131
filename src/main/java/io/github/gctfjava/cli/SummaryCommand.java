package io.github.gctfjava.cli;

import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.training.Sequential;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code summary}: the example's {@code model.summary()}. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Print the example CNN's Keras summary.")
final class SummaryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    try (Sequential model = Cnn.create()) {
      System.out.print(model.summary());
    }
    return 0;
  }
}
