package dev.paperboy.it;

import dev.paperboy.test.ForwardingConsumer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/** Counts every commit the engine asks the consumer for, whatever the overload. */
class CommitCountingConsumer<K, V> extends ForwardingConsumer<K, V> {
  final AtomicInteger commits = new AtomicInteger();

  CommitCountingConsumer(Consumer<K, V> delegate) {
    super(delegate);
  }

  @Override
  public void commitSync() {
    commits.incrementAndGet();
    super.commitSync();
  }

  @Override
  public void commitSync(Duration timeout) {
    commits.incrementAndGet();
    super.commitSync(timeout);
  }

  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    commits.incrementAndGet();
    super.commitSync(offsets);
  }

  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    commits.incrementAndGet();
    super.commitSync(offsets, timeout);
  }

  @Override
  public void commitAsync() {
    commits.incrementAndGet();
    super.commitAsync();
  }

  @Override
  public void commitAsync(OffsetCommitCallback callback) {
    commits.incrementAndGet();
    super.commitAsync(callback);
  }

  @Override
  public void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    commits.incrementAndGet();
    super.commitAsync(offsets, callback);
  }
}
