package dev.paperboy;

/** Where an engine is in its life. The engine moves only forward through these states. */
public enum EngineState {
  /** Constructed; {@code start()} has not been called yet. */
  CREATED,
  /**
   * {@code start()} checked the configuration and goes on: the tables restore, then the consumer is
   * created and subscribed, and the engine waits to join its consumer group. An engine that stays
   * here is restoring a table, or cannot reach its cluster or its group.
   */
  STARTING,
  /** Joined the group and consuming: partitions are polled and records handled. */
  RUNNING,
  /**
   * Stopping: no new records are handed to handlers; handlers finish the record (single mode) or
   * batch (bulk mode) they are in, handled offsets are committed and the consumer is closed.
   */
  STOPPING,
  /** Stopped gracefully, after {@code stop()}, {@code close()} or a JVM shutdown. */
  STOPPED,
  /** Stopped by a fatal error; {@code start()} threw a {@link PaperboyException} carrying it. */
  FAILED;

  /** Whether the engine has stopped for good (gracefully or not). */
  public boolean isTerminal() {
    return this == STOPPED || this == FAILED;
  }
}
