package io.github.gctfjava.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a run trains on and what it is evaluated on after every epoch (Keras's {@code
 * validation_data}): the official test split when the data set has one; else, given a fraction,
 * whole subjects held out of the train split ({@link #bySubject}); else nothing.
 *
 * <p>The train split's file names name one horse or one person each ({@code horse01-0.png} to
 * {@code horse01-9.png}, {@code human01-00.png}, ...), and the frames of one subject are
 * near-duplicates, so holding out single files would leak: a held-out image would have its
 * neighbours in the training data. The subject is the file name up to its last {@code -}.
 */
public final class HoldOut implements AutoCloseable {
  private final ImageSplit train;
  private final ImageSplit validation;
  private final boolean owned;
  private final String description;

  private HoldOut(ImageSplit train, ImageSplit validation, boolean owned, String description) {
    this.train = train;
    this.validation = validation;
    this.owned = owned;
    this.description = description;
  }

  /**
   * The validation data of {@code compare}, {@code train} and {@code study}: {@code test} when
   * present, else the subjects {@code fraction} of {@code train} holds out, else none.
   *
   * @param fraction the {@code --validation-split}, or null
   * @param seed picks the held-out subjects
   */
  public static HoldOut choose(
      ImageSplit train, Optional<ImageSplit> test, Double fraction, long seed) {
    if (fraction != null) {
      requireFraction(fraction);
    }
    if (test.isPresent()) {
      return new HoldOut(
          train,
          test.get(),
          false,
          "Validation data: the test split ("
              + test.get().size()
              + " images)"
              + (fraction == null
                  ? ""
                  : "; --validation-split is not used while the test split is present"));
    }
    return fraction == null
        ? new HoldOut(train, null, false, null)
        : bySubject(train, fraction, seed);
  }

  /**
   * Keras's {@code validation_split}, by subject and per class: of each class's subjects, sorted
   * and shuffled by {@code seed} ({@link Random}, the same in every JVM), the first {@code
   * round(fraction × subjects)} are held out with all their images. Both parts keep TFDS's order.
   *
   * @throws IllegalArgumentException when the fraction is not in (0, 1), or it would leave a class
   *     without held-out or without training subjects
   */
  public static HoldOut bySubject(ImageSplit ds, double fraction, long seed) {
    requireFraction(fraction);
    Random random = new Random(seed);
    TreeSet<String> heldOut = new TreeSet<>();
    List<String> counts = new ArrayList<>();
    for (int label = 0; label < HorsesOrHumans.LABEL_NAMES.size(); label++) {
      String className = HorsesOrHumans.LABEL_NAMES.get(label);
      List<String> subjects = new ArrayList<>(subjects(ds, label));
      int held = (int) Math.round(fraction * subjects.size());
      if (subjects.isEmpty()) {
        throw new IllegalArgumentException(
            "--validation-split: the train split has no images of " + className);
      }
      if (held == 0 || held == subjects.size()) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "--validation-split %s leaves %s of %s without images: round(%s x %d subjects) = %d held out",
                fraction,
                held == 0 ? "the validation part" : "the training part",
                className,
                fraction,
                subjects.size(),
                held));
      }
      Collections.shuffle(subjects, random);
      List<String> chosen = subjects.subList(0, held).stream().sorted().toList();
      heldOut.addAll(chosen);
      counts.add(
          held
              + " of "
              + subjects.size()
              + " "
              + className
              + " ("
              + chosen.stream()
                  .map(s -> s.substring(s.indexOf('/') + 1))
                  .collect(Collectors.joining(", "))
              + ")");
    }
    List<Integer> trainIndices = new ArrayList<>();
    List<Integer> validationIndices = new ArrayList<>();
    for (int i = 0; i < ds.size(); i++) {
      (heldOut.contains(subject(ds.fileNames().get(i))) ? validationIndices : trainIndices).add(i);
    }
    ImageSplit trainPart = ds.select(trainIndices.stream().mapToInt(Integer::intValue).toArray());
    ImageSplit validationPart =
        ds.select(validationIndices.stream().mapToInt(Integer::intValue).toArray());
    String description =
        String.format(
            Locale.ROOT,
            "Held out by subject (--validation-split %s, seed %d): %d of %d images, subjects %s; training on %d images",
            fraction,
            seed,
            validationPart.size(),
            ds.size(),
            String.join("; ", counts),
            trainPart.size());
    return new HoldOut(trainPart, validationPart, true, description);
  }

  /**
   * The subject of a file name relative to the split: {@code horses/horse01-3.png} is {@code
   * horses/horse01}.
   */
  public static String subject(String fileName) {
    int dash = fileName.lastIndexOf('-');
    int slash = fileName.lastIndexOf('/');
    if (dash > slash) {
      return fileName.substring(0, dash);
    }
    int dot = fileName.lastIndexOf('.');
    return dot > slash ? fileName.substring(0, dot) : fileName;
  }

  private static TreeSet<String> subjects(ImageSplit ds, int label) {
    TreeSet<String> subjects = new TreeSet<>();
    for (int i = 0; i < ds.size(); i++) {
      if (ds.label(i) == label) {
        subjects.add(subject(ds.fileNames().get(i)));
      }
    }
    return subjects;
  }

  private static void requireFraction(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "--validation-split must be between 0 and 1 (exclusive), got " + fraction);
    }
  }

  /** The images to train on. */
  public ImageSplit train() {
    return train;
  }

  /** The images to evaluate on after every epoch, if any. */
  public Optional<ImageSplit> validation() {
    return Optional.ofNullable(validation);
  }

  /**
   * One line saying what is held out, for the printed dataset lines and the run's config; null when
   * nothing is.
   */
  public String description() {
    return description;
  }

  /** Closes the parts this hold-out made (not the splits it was given). */
  @Override
  public void close() {
    if (owned) {
      train.close();
      validation.close();
    }
  }
}
