package dev.paperboy.internal;

/**
 * What a lane does after one step of handling: go on with the next step, come back after a backoff
 * (giving its thread back meanwhile), or stop the engine. There is no "give up": a record is
 * handled, retried, dead-lettered, skipped under {@code failOnException(false)}, or it stops the
 * engine; only a closed lane (revocation, shutdown) leaves work unfinished, and then nothing of it
 * is committed.
 */
final class Step {
  /** Go on: the next record, the next attempt, or the unit is finished. */
  static final Step CONTINUE = new Step(0, null);

  private final long waitMs;
  private final Exception fatal;

  private Step(long waitMs, Exception fatal) {
    this.waitMs = waitMs;
    this.fatal = fatal;
  }

  /** Come back after {@code millis} for the next attempt. */
  static Step waitFor(long millis) {
    return new Step(Math.max(0, millis), null);
  }

  /** A failure that must stop the engine. */
  static Step fatal(Exception error) {
    return new Step(0, error);
  }

  /** Whether the lane must wait before the next step. */
  boolean isWait() {
    return this != CONTINUE && fatal == null;
  }

  /** How long to wait, for {@link #isWait()}. */
  long waitMs() {
    return waitMs;
  }

  /** The error that must stop the engine, or null. */
  Exception fatalError() {
    return fatal;
  }
}
