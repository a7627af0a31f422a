package dev.paperboy.health;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineState;
import dev.paperboy.EngineStatus;
import dev.paperboy.PartitionStatus;
import dev.paperboy.table.TableStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * An engine's status that a test sets field by field, standing in for the engine. Counts how often
 * it was read.
 */
final class FakeStatus implements Supplier<EngineStatus> {
  EngineState state = EngineState.CREATED;
  ConsumptionMode mode = ConsumptionMode.SINGLE;
  String problem;
  long lag = -1;
  Map<TopicPartition, PartitionStatus> partitions = Map.of();
  Instant lastPollAt;
  Instant lastHandledAt;
  Instant lastCommitAt;
  Map<String, TableStatus> tables = Map.of();
  int reads;

  @Override
  public EngineStatus get() {
    reads++;
    return new EngineStatus(
        state,
        mode,
        Optional.ofNullable(problem),
        lag,
        partitions,
        Optional.ofNullable(lastPollAt),
        Optional.ofNullable(lastHandledAt),
        Optional.ofNullable(lastCommitAt),
        0,
        0,
        0,
        0,
        0,
        List.of("WARNING isolation.level: not set"),
        tables);
  }

  /** A starting engine whose table of {@code topic} has read {@code restored} of 1,000 offsets. */
  FakeStatus restoring(String topic, long restored) {
    state = EngineState.STARTING;
    tables = Map.of(topic, new TableStatus(topic, false, restored, 1_000, Optional.empty()));
    return this;
  }

  /** A running engine that polled at {@code at} and has no lag. */
  FakeStatus running(Instant at) {
    state = EngineState.RUNNING;
    lag = 0;
    lastPollAt = at;
    return this;
  }
}
