package io.github.gctfjava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TUint8;

/**
 * {@link HoldOut#bySubject} on file names like the real train split's: 5 horses of 3 frames ({@code
 * horses/horse01-0.png} ...) and 4 humans of 2 frames ({@code humans/human01-00.png} ...),
 * interleaved. Each 1x1 image holds its index, so the images can be traced back to their names.
 */
class HoldOutTest {
  private static final int HORSES = 5;
  private static final int HORSE_FRAMES = 3;
  private static final int HUMANS = 4;
  private static final int HUMAN_FRAMES = 2;

  private ImageSplit ds;

  /** File names and labels in an interleaved order, as TFDS's order is not by subject. */
  private static ImageSplit split(List<String> names, long[] labels) {
    TUint8 images = TUint8.tensorOf(Shape.of(names.size(), 1, 1, 3));
    for (int i = 0; i < names.size(); i++) {
      images.setByte((byte) i, i, 0, 0, 0);
    }
    return new ImageSplit("train", images, labels, names);
  }

  @BeforeEach
  void subjects() {
    List<String> names = new ArrayList<>();
    List<Long> labels = new ArrayList<>();
    for (int frame = 0; frame < HORSE_FRAMES; frame++) {
      for (int subject = 1; subject <= Math.max(HORSES, HUMANS); subject++) {
        if (subject <= HORSES) {
          names.add(String.format("horses/horse%02d-%d.png", subject, frame));
          labels.add(0L);
        }
        if (subject <= HUMANS && frame < HUMAN_FRAMES) {
          names.add(String.format("humans/human%02d-%02d.png", subject, frame));
          labels.add(1L);
        }
      }
    }
    ds = split(names, labels.stream().mapToLong(Long::longValue).toArray());
  }

  @AfterEach
  void close() {
    ds.close();
  }

  private static Set<String> subjectsOf(ImageSplit part) {
    return part.fileNames().stream()
        .map(HoldOut::subject)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theSubjectIsTheNameUpToItsLastDash() {
    assertEquals("horses/horse01", HoldOut.subject("horses/horse01-3.png"));
    assertEquals("humans/human12", HoldOut.subject("humans/human12-07.png"));
    assertEquals("human01", HoldOut.subject("human01-00.png"));
    assertEquals(
        "horses/img3", HoldOut.subject("horses/img3.png"), "no dash: the file is its own subject");
    assertEquals(
        "my-data/horse1",
        HoldOut.subject("my-data/horse1.png"),
        "a dash in a folder name does not count");
  }

  /**
   * 0.4 of 5 horse subjects is 2, of 4 human subjects round(1.6) = 2: 2 x 3 + 2 x 2 = 10 of the 23
   * images are held out, every frame of a held-out subject with it, none on both sides.
   */
  @Test
  void disjointBySubjectWithEveryFrameOfAHeldOutSubject() {
    assertEquals(23, ds.size());
    try (HoldOut holdOut = HoldOut.bySubject(ds, 0.4, 1)) {
      ImageSplit train = holdOut.train();
      ImageSplit validation = holdOut.validation().orElseThrow();
      Set<String> trainSubjects = subjectsOf(train);
      Set<String> heldSubjects = subjectsOf(validation);
      Set<String> both = new HashSet<>(trainSubjects);
      both.retainAll(heldSubjects);
      assertEquals(Set.of(), both, "no subject on both sides");
      assertEquals(4, heldSubjects.size(), heldSubjects.toString());
      assertEquals(2, heldSubjects.stream().filter(s -> s.startsWith("horses/")).count());
      assertEquals(2, heldSubjects.stream().filter(s -> s.startsWith("humans/")).count());
      assertEquals(10, validation.size());
      assertEquals(13, train.size());
      assertEquals(6, validation.count(0));
      assertEquals(4, validation.count(1));
      assertEquals(9, train.count(0));
      assertEquals(4, train.count(1));
      Set<String> all = new HashSet<>(train.fileNames());
      all.addAll(validation.fileNames());
      assertEquals(new HashSet<>(ds.fileNames()), all, "every image on one side");
    }
  }

  /** Images and labels follow their names, and each part keeps the split's order. */
  @Test
  void imagesAndLabelsFollowTheirNamesInTheSplitsOrder() {
    try (HoldOut holdOut = HoldOut.bySubject(ds, 0.4, 1)) {
      for (ImageSplit part : List.of(holdOut.train(), holdOut.validation().orElseThrow())) {
        int previous = -1;
        for (int i = 0; i < part.size(); i++) {
          int original = ds.fileNames().indexOf(part.fileNames().get(i));
          assertEquals(
              original,
              part.images().getByte(i, 0, 0, 0) & 0xFF,
              part.fileNames().get(i) + "'s image");
          assertEquals(ds.label(original), part.label(i), part.fileNames().get(i) + "'s label");
          assertTrue(original > previous, "order kept at " + part.fileNames().get(i));
          previous = original;
        }
      }
    }
  }

  private static List<String> heldOut(ImageSplit ds, double fraction, long seed) {
    try (HoldOut holdOut = HoldOut.bySubject(ds, fraction, seed)) {
      return holdOut.validation().orElseThrow().fileNames();
    }
  }

  @Test
  void deterministicForASeedAndAnotherForAnotherSeed() {
    List<String> first = heldOut(ds, 0.4, 1);
    assertEquals(first, heldOut(ds, 0.4, 1), "the same seed holds out the same images");
    assertNotEquals(first, heldOut(ds, 0.4, 2), "seed 2 holds out other subjects");
  }

  /**
   * As documented: per class (horses, then humans), the sorted subjects shuffled by one {@code new
   * Random(seed)}, the first round(fraction x subjects) held out.
   */
  @Test
  void theChoiceIsTheDocumentedShuffle() {
    Random random = new Random(7);
    Set<String> expected = new TreeSet<>();
    for (String prefix : List.of("horses/horse", "humans/human")) {
      int count = prefix.startsWith("horses") ? HORSES : HUMANS;
      List<String> subjects = new ArrayList<>();
      for (int s = 1; s <= count; s++) {
        subjects.add(String.format("%s%02d", prefix, s));
      }
      Collections.shuffle(subjects, random);
      expected.addAll(subjects.subList(0, 2));
    }
    try (HoldOut holdOut = HoldOut.bySubject(ds, 0.4, 7)) {
      assertEquals(expected, subjectsOf(holdOut.validation().orElseThrow()));
      String description = holdOut.description();
      assertTrue(
          description.startsWith(
              "Held out by subject (--validation-split 0.4, seed 7): 10 of 23 images,"
                  + " subjects 2 of 5 horses ("),
          description);
      assertTrue(description.endsWith("; training on 13 images"), description);
    }
  }

  /** Both classes in both parts, for every seed and every fraction the subject counts allow. */
  @Test
  void bothClassesInBothParts() {
    for (double fraction : new double[] {0.2, 0.3, 0.5, 0.6}) {
      for (long seed = 0; seed < 5; seed++) {
        try (HoldOut holdOut = HoldOut.bySubject(ds, fraction, seed)) {
          for (ImageSplit part : List.of(holdOut.train(), holdOut.validation().orElseThrow())) {
            assertTrue(
                part.count(0) > 0 && part.count(1) > 0, "fraction " + fraction + ", seed " + seed);
          }
        }
      }
    }
  }

  /** round(0.1 x 4 human subjects) = 0: no humans would be held out. */
  @Test
  void refusesAFractionThatLeavesNoHeldOutSubjectsOfAClass() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HoldOut.bySubject(ds, 0.1, 1));
    assertEquals(
        "--validation-split 0.1 leaves the validation part of humans without images:"
            + " round(0.1 x 4 subjects) = 0 held out",
        e.getMessage());
  }

  /** round(0.9 x 5 horse subjects) = 5: no horses would be left to train on. */
  @Test
  void refusesAFractionThatLeavesNoTrainingSubjectsOfAClass() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HoldOut.bySubject(ds, 0.9, 1));
    assertTrue(
        e.getMessage()
            .startsWith("--validation-split 0.9 leaves the training part of horses without images"),
        e.getMessage());
  }

  @Test
  void refusesFractionsOutsideZeroToOne() {
    for (double fraction : new double[] {0, 1, -0.2, 1.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HoldOut.bySubject(ds, fraction, 1));
      assertEquals(
          "--validation-split must be between 0 and 1 (exclusive), got " + fraction,
          e.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class, () -> HoldOut.choose(ds, Optional.empty(), 1.5, 1));
  }

  @Test
  void refusesASplitWithoutAClass() {
    try (ImageSplit horsesOnly =
        split(List.of("horses/horse01-0.png", "horses/horse02-0.png"), new long[] {0, 0})) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HoldOut.bySubject(horsesOnly, 0.5, 1));
      assertEquals("--validation-split: the train split has no images of humans", e.getMessage());
    }
  }

  @Test
  void theTestSplitWhenPresentElseTheHoldOutElseNothing() {
    try (ImageSplit test =
        split(List.of("horses/horse-a.png", "humans/human-b.png"), new long[] {0, 1})) {
      try (HoldOut withTest = HoldOut.choose(ds, Optional.of(test), 0.4, 1)) {
        assertSame(ds, withTest.train());
        assertSame(test, withTest.validation().orElseThrow());
        assertEquals(
            "Validation data: the test split (2 images); --validation-split is not used while the test split"
                + " is present",
            withTest.description());
      }
      try (HoldOut none = HoldOut.choose(ds, Optional.empty(), null, 1)) {
        assertSame(ds, none.train());
        assertFalse(none.validation().isPresent());
        assertNull(none.description());
      }
      try (HoldOut held = HoldOut.choose(ds, Optional.empty(), 0.4, 1)) {
        assertEquals(heldOut(ds, 0.4, 1), held.validation().orElseThrow().fileNames());
      }
      assertEquals(2, test.size());
    }
    assertEquals(
        23, ds.fileNames().size(), "closing a hold-out leaves the split it was given open");
    assertEquals(0, ds.images().getByte(0, 0, 0, 0));
  }
}
