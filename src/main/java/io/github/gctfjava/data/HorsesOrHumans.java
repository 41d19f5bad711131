package io.github.gctfjava.data;

import io.github.gctfjava.runtime.TensorFlowRuntime;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * TFDS's {@code horses_or_humans} builder: {@code tfds.load("horses_or_humans", split=["train",
 * "test"], as_supervised=True, with_info=True)}. Images are uint8 {@code (300, 300, 3)} (the PNGs
 * are RGBA with an opaque alpha, which is dropped), labels are 0 = horses, 1 = humans.
 *
 * <p>Each split of a data folder {@code DIR} is taken from the first of:
 *
 * <ol>
 *   <li>the folder {@code DIR/train/} (or {@code test/}) holding {@code horses/*.png} and {@code
 *       humans/*.png};
 *   <li>the official archive {@code DIR/horse-or-human.zip} (or {@code
 *       validation-horse-or-human.zip}), read in place;
 *   <li>that archive downloaded into {@code DIR} from TFDS's URL and verified against TFDS's size
 *       and sha256, when {@code download} is on and {@code DIR} has no split folder at all: a
 *       folder layout is taken as the whole data set, so a split missing from it is not fetched.
 * </ol>
 *
 * A missing test split is reported in one line on the log and loading goes on without it; a missing
 * train split is an error.
 *
 * <p>Examples are in TFDS's order, which mixes the classes (see {@link EncodedSplit}); images are
 * decoded in TF (see {@link ImageDecoder}).
 */
public final class HorsesOrHumans {

  static {
    // Before any TF class of this class loads TF's library: TF reads its oneDNN switch only then.
    TensorFlowRuntime.configure();
  }

  public static final List<String> LABEL_NAMES = List.of("horses", "humans");
  public static final Shape IMAGE_SHAPE = Shape.of(300, 300, 3);

  /** From TFDS's {@code url_checksums/horses_or_humans.txt}. */
  public static final RemoteArchive TRAIN_ARCHIVE =
      new RemoteArchive(
          URI.create(
              "https://storage.googleapis.com/download.tensorflow.org/data/horse-or-human.zip"),
          "horse-or-human.zip",
          149_574_867L,
          "e2e6f70d3d549c5dd10a57165e55af253ee66ad750403f95c0fb76bb943633a9");

  public static final RemoteArchive TEST_ARCHIVE =
      new RemoteArchive(
          URI.create(
              "https://storage.googleapis.com/download.tensorflow.org/data/validation-horse-or-human.zip"),
          "validation-horse-or-human.zip",
          11_480_187L,
          "ae5fff2f4f5554791f05358108e2e05d9801b191f1896ea101402f0e7f6c32c0");

  private static final String TRAIN = "train";
  private static final String TEST = "test";

  private HorsesOrHumans() {}

  /**
   * Loads both splits; throws {@link DatasetException} naming the offending file when that fails.
   */
  public static LoadedDataset load(LoadOptions options) {
    Path dir = options.dataDir();
    if (!Files.isDirectory(dir)) {
      throw new DatasetException(dir, "Data folder does not exist: " + dir);
    }
    boolean folderLayout =
        Files.isDirectory(dir.resolve(TRAIN)) || Files.isDirectory(dir.resolve(TEST));
    EncodedSplit train =
        find(TRAIN, options.trainArchive(), folderLayout, options)
            .orElseThrow(
                () ->
                    new DatasetException(
                        dir,
                        "Train split not found in "
                            + dir
                            + " (no "
                            + TRAIN
                            + "/ folder, no "
                            + options.trainArchive().fileName()
                            + ")"
                            + (options.download() ? "" : " and downloading is off")));
    Optional<EncodedSplit> test = find(TEST, options.testArchive(), folderLayout, options);
    if (test.isEmpty()) {
      options
          .log()
          .println(
              "Test split not found in "
                  + dir
                  + " (no "
                  + TEST
                  + "/ folder, no "
                  + options.testArchive().fileName()
                  + "); going on without it.");
    }
    ImageSplit trainImages = decode(train, options);
    try {
      ImageSplit testImages = test.map(split -> decode(split, options)).orElse(null);
      DatasetInfo info =
          new DatasetInfo(
              IMAGE_SHAPE,
              trainImages.size(),
              testImages == null ? 0 : testImages.size(),
              LABEL_NAMES,
              train.source());
      return new LoadedDataset(info, trainImages, testImages);
    } catch (RuntimeException e) {
      trainImages.close();
      throw e;
    }
  }

  private static Optional<EncodedSplit> find(
      String split, RemoteArchive archive, boolean folderLayout, LoadOptions options) {
    Path folder = options.dataDir().resolve(split);
    if (Files.isDirectory(folder)) {
      return Optional.of(EncodedSplit.fromFolder(split, folder, options.log()));
    }
    Path zip = options.dataDir().resolve(archive.fileName());
    if (Files.isRegularFile(zip)) {
      return Optional.of(EncodedSplit.fromZip(split, zip));
    }
    if (options.download() && !folderLayout) {
      Path downloaded = new ArchiveDownloader(options.log()).download(archive, options.dataDir());
      return Optional.of(EncodedSplit.fromZip(split, downloaded));
    }
    return Optional.empty();
  }

  private static ImageSplit decode(EncodedSplit split, LoadOptions options) {
    return new ImageSplit(
        split.name(),
        ImageDecoder.decode(split, options.resize()),
        split.labels(),
        split.fileNames());
  }
}
