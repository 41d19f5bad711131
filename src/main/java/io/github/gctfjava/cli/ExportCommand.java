package io.github.gctfjava.cli;

import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.export.BackupAndRestore;
import io.github.gctfjava.export.Checkpoint;
import io.github.gctfjava.export.ExportException;
import io.github.gctfjava.export.RunFolder;
import io.github.gctfjava.export.SavedModelExport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export}: a checkpoint of a run, e.g. one that was stopped, as a SavedModel. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write a checkpoint as a SavedModel: a run folder's latest complete checkpoint, or the given one.")
final class ExportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      description =
          "A run folder (its latest complete checkpoint is exported) or one checkpoint folder "
              + "(RUN/checkpoints/epoch-NNNN).")
  Path source;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "SavedModel folder to write; must not exist.")
  Path out;

  @Override
  public Integer call() {
    PrintStream console = System.out;
    if (Files.exists(out)) {
      throw new ExportException(out, "Export folder already exists: " + out);
    }
    Checkpoint checkpoint =
        Files.isRegularFile(source.resolve(Checkpoint.MANIFEST))
            ? Checkpoint.read(source)
            : BackupAndRestore.latest(RunFolder.open(source).checkpoints(), console)
                .orElseThrow(
                    () -> new ExportException(source, "No complete checkpoint in " + source));
    SavedModelExport.export(checkpoint, Cnn::create, out);
    console.println(
        "Exported " + checkpoint.dir() + " (after epoch " + checkpoint.epoch() + ") to " + out);
    return 0;
  }
}
