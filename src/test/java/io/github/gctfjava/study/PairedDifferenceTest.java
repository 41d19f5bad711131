package io.github.gctfjava.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The paired difference's mean, sd, 95% Student's t interval and sign count against hand-computed
 * values.
 */
class PairedDifferenceTest {
  /**
   * t(0.975, 4) and t(0.975, 1) from the tables, to the 8 digits given: relative error below 1e-8.
   */
  private static final double T_4 = 2.7764451;

  private static final double T_1 = 12.7062047;
  private static final double TOLERANCE = 1e-8;

  /**
   * Baseline 0.5 on every seed, the other 0.6, 0.45, 0.7, 0.5, 0.65: differences 0.1, -0.05, 0.2,
   * 0, 0.15.
   */
  private static final double[] BASELINE = {0.5, 0.5, 0.5, 0.5, 0.5};

  private static final double[] OTHER = {0.6, 0.45, 0.7, 0.5, 0.65};

  /**
   * By hand: mean 0.4 / 5 = 0.08; deviations 0.02, -0.13, 0.12, -0.08, 0.07, squares summing to
   * 0.043; sd = sqrt(0.043 / 4) = 0.10368221; half width t(0.975, 4) sd / sqrt(5) = 0.12873846.
   */
  @Test
  void fiveSeedsMatchTheHandComputation() {
    PairedDifference d = PairedDifference.of(BASELINE, OTHER, true);
    assertEquals(5, d.n());
    assertEquals(0.08, d.mean(), 1e-12);
    assertEquals(Math.sqrt(0.043 / 4), d.sd(), 1e-12);
    assertEquals(0.10368221, d.sd(), 1e-8);
    double halfWidth = T_4 * Math.sqrt(0.043 / 4) / Math.sqrt(5);
    assertEquals(0.12873846, halfWidth, 1e-8);
    assertEquals(0.08 - halfWidth, d.low(), TOLERANCE);
    assertEquals(0.08 + halfWidth, d.high(), TOLERANCE);
    assertEquals(-0.04873846, d.low(), 1e-8);
    assertEquals(0.20873846, d.high(), 1e-8);
    assertEquals(3, d.wins(), "0.1, 0.2, 0.15 are higher accuracies");
    assertEquals(1, d.ties(), "0.5 against 0.5");
  }

  /** For a loss lower is better: only the seed with difference -0.05 is won. */
  @Test
  void lowerIsBetterCountsTheNegativeDifferences() {
    PairedDifference d = PairedDifference.of(BASELINE, OTHER, false);
    assertEquals(1, d.wins());
    assertEquals(1, d.ties());
    assertEquals(0.08, d.mean(), 1e-12, "the difference is still other - baseline");
    assertEquals(-0.04873846, d.low(), 1e-8, "the interval does not depend on which side wins");
  }

  @Test
  void swappingTheOptimizersNegatesTheInterval() {
    PairedDifference forward = PairedDifference.of(BASELINE, OTHER, true);
    PairedDifference backward = PairedDifference.of(OTHER, BASELINE, true);
    assertEquals(-forward.mean(), backward.mean(), 1e-12);
    assertEquals(-forward.high(), backward.low(), 1e-12);
    assertEquals(-forward.low(), backward.high(), 1e-12);
    assertEquals(forward.sd(), backward.sd(), 1e-12);
    assertEquals(1, backward.wins());
  }

  /**
   * Two seeds, differences 0.1 and 0.3: mean 0.2, sd sqrt(0.02) = 0.14142136, half width 12.7062047
   * x 0.1.
   */
  @Test
  void twoSeedsUseOneDegreeOfFreedom() {
    PairedDifference d =
        PairedDifference.of(new double[] {0.5, 0.4}, new double[] {0.6, 0.7}, true);
    assertEquals(2, d.n());
    assertEquals(0.2, d.mean(), 1e-12);
    assertEquals(Math.sqrt(0.02), d.sd(), 1e-12);
    assertEquals(0.2 - T_1 * 0.1, d.low(), 1e-7);
    assertEquals(0.2 + T_1 * 0.1, d.high(), 1e-7);
    assertEquals(-1.07062047, d.low(), 1e-7);
    assertEquals(2, d.wins());
    assertEquals(0, d.ties());
  }

  /**
   * One seed has a mean and a sign but no spread: sd and interval are NaN, not a number that looks
   * real.
   */
  @Test
  void oneSeedHasNoInterval() {
    PairedDifference d = PairedDifference.of(new double[] {0.7}, new double[] {0.65}, true);
    assertEquals(1, d.n());
    assertEquals(-0.05, d.mean(), 1e-12);
    assertTrue(
        Double.isNaN(d.sd()) && Double.isNaN(d.low()) && Double.isNaN(d.high()), d.toString());
    assertEquals(0, d.wins());
    assertEquals(0, d.ties());
  }

  @Test
  void allTiesGiveAZeroWidthInterval() {
    PairedDifference d =
        PairedDifference.of(new double[] {0.5, 0.75, 0.25}, new double[] {0.5, 0.75, 0.25}, true);
    assertEquals(0, d.mean(), 0);
    assertEquals(0, d.low(), 0);
    assertEquals(0, d.high(), 0);
    assertEquals(0, d.wins());
    assertEquals(3, d.ties());
  }

  @Test
  void refusesNoSeedsOrUnpairedSeeds() {
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairedDifference.of(new double[0], new double[0], true));
    assertEquals("need the same seeds for both, at least one; got 0 and 0", none.getMessage());
    IllegalArgumentException unpaired =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairedDifference.of(new double[] {0.5, 0.6}, new double[] {0.5}, true));
    assertEquals("need the same seeds for both, at least one; got 2 and 1", unpaired.getMessage());
  }

  @Test
  void sampleStandardDeviationUsesNMinusOne() {
    assertEquals(
        Math.sqrt(2.5), PairedDifference.standardDeviation(new double[] {1, 2, 3, 4, 5}), 1e-12);
    assertTrue(Double.isNaN(PairedDifference.standardDeviation(new double[] {1})));
    assertEquals(3, PairedDifference.mean(new double[] {1, 2, 3, 4, 5}), 1e-12);
  }
}
