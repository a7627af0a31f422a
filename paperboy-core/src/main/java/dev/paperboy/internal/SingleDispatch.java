package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Single mode: each poll's records go straight to their lanes, to be handled one by one; what was
 * handled is committed on the {@link CommitSchedule}, at most every {@code commitIntervalMs}.
 */
final class SingleDispatch<K, V> implements Dispatch<K, V> {
  private final Partitions<K, V> partitions;
  private final Committer committer;
  private final CommitSchedule schedule;
  private final boolean commits;
  private final PauseLimits pauseLimits;

  SingleDispatch(
      Partitions<K, V> partitions,
      Committer committer,
      CommitSchedule schedule,
      boolean commits,
      PauseLimits pauseLimits) {
    this.partitions = partitions;
    this.committer = committer;
    this.schedule = schedule;
    this.commits = commits;
    this.pauseLimits = pauseLimits;
  }

  @Override
  public ConsumptionMode mode() {
    return ConsumptionMode.SINGLE;
  }

  @Override
  public void accept(ConsumerRecords<K, V> records, long nowNanos) {
    for (TopicPartition tp : records.partitions()) {
      Lane<K, V> lane = partitions.lane(tp);
      if (lane != null) {
        List<ConsumerRecord<K, V>> polled = records.records(tp);
        lane.submit(Work.records(polled, Work.bytesOf(polled)));
      }
    }
  }

  @Override
  public void handOverDue(long nowNanos) {}

  @Override
  public void flush(long nowNanos) {}

  @Override
  public int collected() {
    return 0;
  }

  @Override
  public int collected(TopicPartition partition) {
    return 0;
  }

  @Override
  public void drop(Collection<TopicPartition> partitions) {}

  @Override
  public long nanosUntilDue(long nowNanos) {
    if (!commits || committer.inFlight(nowNanos)) {
      return Long.MAX_VALUE; // an answer to the commit in flight arrives during the poll
    }
    return schedule.nanosUntilDue(nowNanos);
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
