package dev.paperboy;

import dev.paperboy.table.TableStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * A snapshot of an engine, from {@link PaperboyEngine#status()}: cheap (no broker request), safe to
 * take from any thread, immutable. The per-partition figures are refreshed by the poll thread at
 * least every 100 ms while it runs; counters and times are current.
 *
 * @param state where the engine is in its life, as {@link PaperboyEngine#state()}
 * @param mode how records are handed to handlers, as {@link PaperboyEngine#mode()}
 * @param problem why the engine is not consuming, if it knows, as {@link PaperboyEngine#problem()}
 * @param lag the total lag of the owned partitions (high watermark minus the next offset still to
 *     be handled, summed), or -1 while unknown
 * @param partitions the owned partitions
 * @param lastPollAt when the poll thread last returned from a poll, empty before the first
 * @param lastHandledAt when a handler last finished a record or batch, empty before the first
 * @param lastCommitAt when the group last acknowledged a commit, empty before the first
 * @param handled records the engine is done with so far: handled, and also those it moved past
 *     after they failed for good (dead-lettered or skipped) and the poison pills it moved past; so
 *     records counted in {@code failed} or {@code poisonPills} that did not stop the engine are
 *     counted here too
 * @param failed records that failed for good (dead-lettered, skipped or fatal)
 * @param retried failed attempts that were retried
 * @param deadLettered records written to a dead-letter topic
 * @param poisonPills records the consumer could not deserialize
 * @param warnings what the start-up check found unsafe or contradictory in the configuration
 * @param tables the engine's tables by topic: how far each got restoring, and its problem if any
 */
public record EngineStatus(
    EngineState state,
    ConsumptionMode mode,
    Optional<String> problem,
    long lag,
    Map<TopicPartition, PartitionStatus> partitions,
    Optional<Instant> lastPollAt,
    Optional<Instant> lastHandledAt,
    Optional<Instant> lastCommitAt,
    long handled,
    long failed,
    long retried,
    long deadLettered,
    long poisonPills,
    List<String> warnings,
    Map<String, TableStatus> tables) {

  /** A snapshot; the collections are copied. */
  public EngineStatus {
    partitions = Map.copyOf(partitions);
    warnings = List.copyOf(warnings);
    tables = Map.copyOf(tables);
  }

  /** A snapshot of an engine without tables (the constructor from before tables existed). */
  public EngineStatus(
      EngineState state,
      ConsumptionMode mode,
      Optional<String> problem,
      long lag,
      Map<TopicPartition, PartitionStatus> partitions,
      Optional<Instant> lastPollAt,
      Optional<Instant> lastHandledAt,
      Optional<Instant> lastCommitAt,
      long handled,
      long failed,
      long retried,
      long deadLettered,
      long poisonPills,
      List<String> warnings) {
    this(
        state,
        mode,
        problem,
        lag,
        partitions,
        lastPollAt,
        lastHandledAt,
        lastCommitAt,
        handled,
        failed,
        retried,
        deadLettered,
        poisonPills,
        warnings,
        Map.of());
  }
}
