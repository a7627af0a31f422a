package dev.paperboy.examples;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.examples.TypedHandlersExample.Order;
import dev.paperboy.jackson.JsonSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The dead-letter producer's settings, and a dead-letter topic created ahead of the first write.
 */
public final class DeadLetterExample {
  private DeadLetterExample() {}

  /** A policy for an engine whose consumer reads {@link Order}s from JSON. */
  public static DeadLetterPolicy policy() {
    // tag::dead-letter-policy[]
    DeadLetterPolicy deadLetters =
        DeadLetterPolicy.builder()
            // the consumer reads Order objects from JSON: write them back as JSON
            .valueSerializer(new JsonSerializer<Order>())
            // a missing dead-letter topic fails the write after 10 s instead of 60 s
            .producerConfig(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)
            .build();
    // end::dead-letter-policy[]
    return deadLetters;
  }

  /** Creates {@code orders.DLT}: 3 partitions, 3 replicas, 28 days of retention. */
  public static void createTopic(Admin admin) throws InterruptedException, ExecutionException {
    // tag::dead-letter-topic[]
    NewTopic deadLetters =
        new NewTopic("orders.DLT", 3, (short) 3) // partitions, replication factor
            .configs(
                Map.of(
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    "2",
                    TopicConfig.RETENTION_MS_CONFIG,
                    String.valueOf(Duration.ofDays(28).toMillis())));
    admin.createTopics(List.of(deadLetters)).all().get();
    // end::dead-letter-topic[]
  }
}
