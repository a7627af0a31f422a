package dev.paperboy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * kafka-clients' MockConsumer, paced like a real one (an empty poll waits a moment instead of
 * spinning) and remembering every commit it was asked for.
 */
public class PacedMockConsumer<K, V> extends MockConsumer<K, V> {
  public final List<Map<TopicPartition, OffsetAndMetadata>> commits =
      Collections.synchronizedList(new ArrayList<>());

  public final java.util.concurrent.atomic.AtomicInteger polls =
      new java.util.concurrent.atomic.AtomicInteger();

  public PacedMockConsumer() {
    super("earliest");
  }

  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    polls.incrementAndGet();
    ConsumerRecords<K, V> records = super.poll(timeout);
    if (records.isEmpty()) {
      try {
        Thread.sleep(Math.min(2, timeout.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return records;
  }

  @Override
  public synchronized void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    commits.add(Map.copyOf(offsets));
    super.commitAsync(offsets, callback);
  }

  /** The timeouts the engine gave its synchronous commits. */
  public final List<Duration> syncCommitTimeouts = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    syncCommitTimeouts.add(timeout);
    super.commitSync(offsets, timeout);
  }

  @Override
  public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    commits.add(Map.copyOf(offsets));
    super.commitSync(offsets);
  }

  /** The last offset committed for {@code partition}, or -1; readable after close. */
  public long committedOffset(TopicPartition partition) {
    long offset = -1;
    synchronized (commits) {
      for (Map<TopicPartition, OffsetAndMetadata> commit : commits) {
        OffsetAndMetadata om = commit.get(partition);
        if (om != null) {
          offset = om.offset();
        }
      }
    }
    return offset;
  }
}
