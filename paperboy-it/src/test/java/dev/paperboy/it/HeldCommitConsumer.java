package dev.paperboy.it;

import dev.paperboy.test.ForwardingConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds every asynchronous commit unanswered, as a coordinator that moved or a request that timed
 * out would, and fails them on request. Synchronous commits go through.
 */
class HeldCommitConsumer extends ForwardingConsumer<String, String> {
  private final List<Map<TopicPartition, OffsetAndMetadata>> held = new CopyOnWriteArrayList<>();
  private final List<OffsetCommitCallback> callbacks = new CopyOnWriteArrayList<>();

  HeldCommitConsumer(Consumer<String, String> delegate) {
    super(delegate);
  }

  @Override
  public void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    held.add(Map.copyOf(offsets));
    callbacks.add(callback);
  }

  /** The highest offset per partition among the held commits. */
  Map<TopicPartition, Long> heldOffsets() {
    Map<TopicPartition, Long> highest = new HashMap<>();
    for (Map<TopicPartition, OffsetAndMetadata> commit : held) {
      commit.forEach((tp, om) -> highest.merge(tp, om.offset(), Math::max));
    }
    return highest;
  }

  /** Answers every held commit with a failure. */
  void failHeldCommits() {
    for (int i = 0; i < callbacks.size(); i++) {
      callbacks
          .get(i)
          .onComplete(held.get(i), new RetriableCommitFailedException("coordinator moved"));
    }
  }
}
