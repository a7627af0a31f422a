package dev.paperboy.micrometer;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the engine's events into counters, and feeds the handling rate.
 *
 * <p>{@code paperboy.records.handled} counts records whose handling succeeded, which is not what
 * {@link PaperboyListener#onRecordsHandled} reports: that count includes the records the engine is
 * done with after a failure (skipped or dead-lettered) and the poison pills it moved past. Those
 * were reported before, on the same partition, through {@code onHandlingFailed} or {@code
 * onPoisonPill} with {@code fatal == false}; each partition keeps how many of them are still to be
 * taken off its next handled counts. So {@code handled + failed (not fatal) + poison pills (not
 * fatal)} is the engine's {@code status().handled()}. The account of a partition starts afresh when
 * it is assigned, so one left over from a previous ownership (a lane closed mid-unit) cannot take
 * off handled records later. The handling rate counts every record the engine is done with, since
 * each of them drains the lag.
 *
 * <p>Every method is a few map look-ups and atomic additions; counters are registered on their
 * first use, and for a topic's records as soon as one of its partitions is assigned, so they read 0
 * rather than being absent until the first failure.
 */
final class EventCounters implements PaperboyListener {
  private final EngineMeters meters;
  private final HandlingRate rate;
  private final TaggedCounters handled;
  private final TaggedCounters failed;
  private final TaggedCounters retried;
  private final TaggedCounters deadLettered;
  private final TaggedCounters poisonPills;
  private final TaggedCounters commits;
  private final TaggedCounters commitsFailed;
  private final TaggedCounters modeSwitches;
  private final Map<TopicPartition, AtomicLong> doneWithoutSuccess = new ConcurrentHashMap<>();

  EventCounters(EngineMeters meters, HandlingRate rate) {
    this.meters = meters;
    this.rate = rate;
    this.handled =
        new TaggedCounters(
            meters,
            "paperboy.records.handled",
            "Records whose handling succeeded (or that the handler chose to skip)",
            "topic");
    this.failed =
        new TaggedCounters(
            meters,
            "paperboy.records.failed",
            "Records that failed for good: dead-lettered, skipped or fatal",
            "topic");
    this.retried =
        new TaggedCounters(
            meters, "paperboy.records.retried", "Failed attempts that are tried again", "topic");
    this.deadLettered =
        new TaggedCounters(
            meters,
            "paperboy.records.dead.lettered",
            "Records written to a dead-letter topic",
            "topic");
    this.poisonPills =
        new TaggedCounters(
            meters, "paperboy.poison.pills", "Records the consumer could not deserialize", "topic");
    this.commits =
        new TaggedCounters(meters, "paperboy.commits", "Commits the group acknowledged", null);
    this.commitsFailed =
        new TaggedCounters(meters, "paperboy.commits.failed", "Commits that failed", null);
    this.modeSwitches =
        new TaggedCounters(
            meters, "paperboy.mode.switches", "Switches between single and bulk mode", "to");
  }

  /** Registers the counters that have no topic, so they read 0 from the start. */
  void registerUntagged() {
    commits.touch(null);
    commitsFailed.touch(null);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      doneWithoutSuccess.remove(partition);
      String topic = partition.topic();
      handled.touch(topic);
      failed.touch(topic);
      retried.touch(topic);
      deadLettered.touch(topic);
      poisonPills.touch(topic);
    }
  }

  @Override
  public void onRecordsHandled(TopicPartition partition, int count, long durationNanos) {
    rate.record(count, meters.clock().monotonicTime());
    handled.increment(partition.topic(), count - takeDoneWithoutSuccess(partition, count));
  }

  @Override
  public void onHandlingFailed(
      List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
    for (ConsumerRecord<?, ?> record : records) {
      failed.increment(record.topic(), 1);
      if (!fatal) {
        doneWithoutSuccess(new TopicPartition(record.topic(), record.partition()));
      }
    }
  }

  @Override
  public void onPoisonPill(PoisonPill pill, boolean fatal) {
    poisonPills.increment(pill.topic(), 1);
    if (!fatal) {
      doneWithoutSuccess(pill.partition());
    }
  }

  @Override
  public void onRetry(
      List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception error, long backoffMs) {
    records.forEach(r -> retried.increment(r.topic(), 1));
  }

  @Override
  public void onDeadLettered(
      List<? extends ConsumerRecord<?, ?>> records, String deadLetterTopic, Exception error) {
    records.forEach(r -> deadLettered.increment(r.topic(), 1));
  }

  @Override
  public void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    commits.increment(null, 1);
  }

  @Override
  public void onCommitFailed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    commitsFailed.increment(null, 1);
  }

  @Override
  public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
    modeSwitches.increment(to.name().toLowerCase(Locale.ROOT), 1);
  }

  private void doneWithoutSuccess(TopicPartition partition) {
    doneWithoutSuccess.computeIfAbsent(partition, p -> new AtomicLong()).incrementAndGet();
  }

  /** Takes up to {@code count} records done without success off the partition's account. */
  private long takeDoneWithoutSuccess(TopicPartition partition, int count) {
    AtomicLong account = doneWithoutSuccess.get(partition);
    if (account == null) {
      return 0;
    }
    while (true) {
      long owed = account.get();
      long taken = Math.min(owed, count);
      if (taken == 0 || account.compareAndSet(owed, owed - taken)) {
        return taken;
      }
    }
  }
}
