package dev.paperboy.internal;

/** How the handling of a record or batch ended, as the lane needs to know it. */
final class Outcome {
  /** Handled, skipped as tolerated, or dead-lettered: the offset may move past it. */
  static final Outcome DONE = new Outcome(null);

  /** Given up because the lane closed (shutdown, revocation): not done, not failed. */
  static final Outcome ABANDONED = new Outcome(null);

  private final Exception fatal;

  private Outcome(Exception fatal) {
    this.fatal = fatal;
  }

  /** A failure that must stop the engine. */
  static Outcome fatal(Exception error) {
    return new Outcome(error);
  }

  boolean isDone() {
    return this == DONE;
  }

  /** The error that must stop the engine, or null. */
  Exception fatalError() {
    return fatal;
  }
}
