package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The engine's own listener, first of all: counts handled, failed, retried and dead-lettered
 * records and poison pills, and remembers when a record was last handled and a commit last
 * acknowledged, for {@code engine.status()}. Any thread; counters are {@link LongAdder}s, so
 * handler threads of different partitions do not contend.
 */
final class StatusRecorder implements PaperboyListener {
  final LongAdder handled = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder poisonPills = new LongAdder();
  private volatile long lastHandledMillis = -1;
  private volatile long lastCommitMillis = -1;

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

  Optional<Instant> lastHandledAt() {
    return at(lastHandledMillis);
  }

  Optional<Instant> lastCommitAt() {
    return at(lastCommitMillis);
  }

  static Optional<Instant> at(long millis) {
    return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
