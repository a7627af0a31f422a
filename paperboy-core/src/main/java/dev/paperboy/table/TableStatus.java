package dev.paperboy.table;

import java.util.Objects;
import java.util.Optional;

/**
 * How far a table got restoring, in {@code EngineStatus.tables()} and the listener's table events.
 *
 * @param topic the table's topic
 * @param restored whether the restore finished (the table then follows its topic)
 * @param restoredOffsets offsets read so far by the restore (all of them, once restored)
 * @param offsetsToRestore offsets the restore has to read: from where the store left off (or the
 *     beginning) to the end offsets seen when the restore began, summed over partitions; compaction
 *     makes the records actually read fewer
 * @param problem what keeps the table from restoring or following, if anything
 */
public record TableStatus(
    String topic,
    boolean restored,
    long restoredOffsets,
    long offsetsToRestore,
    Optional<String> problem) {

  /** A status. */
  public TableStatus {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(problem, "problem");
  }
}
