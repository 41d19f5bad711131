package io.github.gctfjava.training;

/**
 * Thrown by {@link Model#fit} between steps once a {@link StopRequest} is made; the epoch under way
 * is abandoned.
 */
public class TrainingStoppedException extends RuntimeException {
  public TrainingStoppedException(String reason) {
    super("training stopped by " + reason + " before the epoch under way ended");
  }
}
