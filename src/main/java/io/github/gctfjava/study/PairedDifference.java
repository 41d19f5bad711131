package io.github.gctfjava.study;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The paired difference {@code other − baseline} of one figure over seeds: its mean, standard
 * deviation (n − 1 in the denominator), the 95% confidence interval of the mean from Student's t
 * with n − 1 degrees of freedom, and how many seeds the other optimizer won.
 *
 * @param n the number of seeds
 * @param mean the mean difference
 * @param sd the sample standard deviation of the differences (NaN for one seed)
 * @param low the lower end of the 95% confidence interval (NaN for one seed)
 * @param high its upper end
 * @param wins the seeds on which the other optimizer did better
 * @param ties the seeds on which both did the same
 */
public record PairedDifference(
    int n, double mean, double sd, double low, double high, int wins, int ties) {
  private static final double CONFIDENCE = 0.95;

  /**
   * @param baseline each seed's figure for the baseline
   * @param other each seed's figure for the optimizer compared with it, same seeds, same order
   * @param higherIsBetter whether a larger figure wins (accuracy) or a smaller one (loss)
   */
  public static PairedDifference of(double[] baseline, double[] other, boolean higherIsBetter) {
    if (baseline.length != other.length || baseline.length == 0) {
      throw new IllegalArgumentException(
          "need the same seeds for both, at least one; got "
              + baseline.length
              + " and "
              + other.length);
    }
    int n = baseline.length;
    double[] d = new double[n];
    int wins = 0;
    int ties = 0;
    for (int i = 0; i < n; i++) {
      d[i] = other[i] - baseline[i];
      if (d[i] == 0) {
        ties++;
      } else if (d[i] > 0 == higherIsBetter) {
        wins++;
      }
    }
    double mean = mean(d);
    if (n == 1) {
      return new PairedDifference(n, mean, Double.NaN, Double.NaN, Double.NaN, wins, ties);
    }
    double sd = standardDeviation(d);
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    double halfWidth = t * sd / Math.sqrt(n);
    return new PairedDifference(n, mean, sd, mean - halfWidth, mean + halfWidth, wins, ties);
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** The sample standard deviation (n − 1), NaN for fewer than two values. */
  static double standardDeviation(double[] values) {
    if (values.length < 2) {
      return Double.NaN;
    }
    double mean = mean(values);
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (values.length - 1));
  }
}
