package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Bulk mode: polled records are collected by a {@link BatchBuilder} and handed over per partition
 * once the batch is full (records or bytes) or its time is up. What was handled (always whole
 * batches) is committed on the same {@link CommitSchedule} as in single mode, at most every {@code
 * commitIntervalMs}: committing after every batch made a fast engine send a commit per batch, and
 * on a small machine that hosts its broker those commits cost a fifth of bulk mode's throughput.
 */
final class BulkDispatch<K, V> implements Dispatch<K, V> {
  private final Partitions<K, V> partitions;
  private final Committer committer;
  private final BatchBuilder<K, V> batch;
  private final CommitSchedule schedule;
  private final boolean commits;
  private final PauseLimits pauseLimits;

  BulkDispatch(
      Partitions<K, V> partitions,
      Committer committer,
      BatchBuilder<K, V> batch,
      CommitSchedule schedule,
      boolean commits,
      PauseLimits pauseLimits) {
    this.partitions = partitions;
    this.committer = committer;
    this.batch = batch;
    this.schedule = schedule;
    this.commits = commits;
    this.pauseLimits = pauseLimits;
  }

  @Override
  public ConsumptionMode mode() {
    return ConsumptionMode.BULK;
  }

  @Override
  public void accept(ConsumerRecords<K, V> records, long nowNanos) {
    for (TopicPartition tp : records.partitions()) {
      if (partitions.lane(tp) != null) {
        List<ConsumerRecord<K, V>> polled = records.records(tp);
        batch.add(tp, polled, Work.bytesOf(polled), nowNanos);
      }
    }
  }

  @Override
  public void handOverDue(long nowNanos) {
    while (batch.isReady(nowNanos)) {
      handOver(nowNanos);
    }
  }

  @Override
  public void flush(long nowNanos) {
    while (batch.size() > 0) {
      handOver(nowNanos);
    }
  }

  private void handOver(long nowNanos) {
    batch.take(nowNanos).forEach((tp, work) -> partitions.lane(tp).submit(work));
  }

  @Override
  public int collected() {
    return batch.size();
  }

  @Override
  public int collected(TopicPartition partition) {
    return batch.size(partition);
  }

  @Override
  public void drop(Collection<TopicPartition> partitions) {
    batch.drop(partitions);
  }

  @Override
  public long nanosUntilDue(long nowNanos) {
    long commit =
        !commits || committer.inFlight(nowNanos)
            ? Long.MAX_VALUE
            : schedule.nanosUntilDue(nowNanos);
    return Math.min(batch.nanosUntilReady(nowNanos), commit);
  }

  @Override
  public void commitIfDue(long nowNanos) {
    schedule.commitIfDue(committer, nowNanos);
  }

  @Override
  public PauseLimits pauseLimits() {
    return pauseLimits;
  }
}
