package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineState;
import dev.paperboy.EngineStatus;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code engine.status()} reports, kept up to date. As the engine's first listener it counts
 * handled, failed, retried and dead-lettered records and poison pills, and remembers when a record
 * was last handled and a commit last acknowledged; the poll thread tells it when it polled and
 * publishes the owned partitions at most every {@link #PUBLISH_EVERY_NANOS}. Any thread reads it;
 * counters are {@link LongAdder}s, so handler threads of different partitions do not contend.
 */
final class StatusBoard implements PaperboyListener {
  /** How often the poll thread publishes the owned partitions, at most. */
  static final long PUBLISH_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final LongAdder handled = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder poisonPills = new LongAdder();
  private volatile long lastHandledMillis = -1;
  private volatile long lastCommitMillis = -1;
  private volatile long lastPollMillis = -1;
  private volatile OwnedSnapshot owned = OwnedSnapshot.NONE;
  private long publishedNanos;

  @Override
  public void onRecordsHandled(TopicPartition partition, int count, long durationNanos) {
    handled.add(count);
    lastHandledMillis = System.currentTimeMillis();
  }

  @Override
  public void onHandlingFailed(
      List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
    failed.add(records.size());
  }

  @Override
  public void onRetry(
      List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception error, long backoffMs) {
    retried.add(records.size());
  }

  @Override
  public void onDeadLettered(
      List<? extends ConsumerRecord<?, ?>> records, String deadLetterTopic, Exception error) {
    deadLettered.add(records.size());
  }

  @Override
  public void onPoisonPill(PoisonPill pill, boolean fatal) {
    poisonPills.increment();
  }

  @Override
  public void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    lastCommitMillis = System.currentTimeMillis();
  }

  /** The poll thread returned from a poll. */
  void polled() {
    lastPollMillis = System.currentTimeMillis();
  }

  /** Publishes the owned partitions {@code snapshot} makes, if the last was long enough ago. */
  void publishIfDue(long nowNanos, Supplier<OwnedSnapshot> snapshot) {
    if (nowNanos - publishedNanos >= PUBLISH_EVERY_NANOS) {
      publishedNanos = nowNanos;
      owned = snapshot.get();
    }
  }

  /** The engine owns no partitions any more. */
  void ownsNothing() {
    owned = OwnedSnapshot.NONE;
  }

  /** The status, with what only the loop knows. */
  EngineStatus status(
      EngineState state, ConsumptionMode mode, String problem, List<String> warnings) {
    OwnedSnapshot snapshot = owned;
    return new EngineStatus(
        state,
        mode,
        Optional.ofNullable(problem),
        snapshot.lag(),
        snapshot.partitions(),
        at(lastPollMillis),
        at(lastHandledMillis),
        at(lastCommitMillis),
        handled.sum(),
        failed.sum(),
        retried.sum(),
        deadLettered.sum(),
        poisonPills.sum(),
        warnings);
  }

  private static Optional<Instant> at(long millis) {
    return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
