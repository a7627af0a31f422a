package dev.paperboy.it;

import dev.paperboy.PaperboyListener;
import dev.paperboy.test.EmbeddedKafka;
import java.util.Collection;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;

/** Names and numbers the integration tests share. */
final class ItSupport {
  private ItSupport() {}

  /** Creates a topic of its own for one test. */
  static String newTopic(EmbeddedKafka kafka, String prefix, int partitions) {
    String topic = EmbeddedKafka.uniqueName(prefix);
    kafka.createTopic(topic, partitions);
    return topic;
  }

  /** A consumer group of its own for one engine or test. */
  static String newGroup() {
    return EmbeddedKafka.uniqueName("group");
  }

  /** A listener that adds every revoked or lost set of partitions to {@code revoked}. */
  static PaperboyListener revocationsInto(List<Collection<TopicPartition>> revoked) {
    return new PaperboyListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        revoked.add(partitions);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        revoked.add(partitions);
      }
    };
  }

  /** The offsets {@code from} (inclusive) to {@code to} (exclusive), in order. */
  static List<Long> offsets(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }
}
