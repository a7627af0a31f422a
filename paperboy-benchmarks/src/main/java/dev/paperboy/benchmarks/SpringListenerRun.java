package dev.paperboy.benchmarks;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.MessageListener;

/**
 * The Spring Kafka peers: a {@link ConcurrentMessageListenerContainer}, built without an
 * application context, with one consumer (and listener thread) per partition, as Spring Kafka users
 * scale a topic. The record listener commits with {@link AckMode#TIME} every 5 s, like the raw loop
 * and Paperboy's single mode; the batch listener with {@link AckMode#BATCH}, after each poll's
 * records, like Paperboy's bulk mode after each batch. Both commit asynchronously during the run
 * ({@code syncCommits=false}), as the raw loop and the engine do.
 */
final class SpringListenerRun {

  private SpringListenerRun() {}

  /**
   * Consumes {@code topic} with {@code concurrency} consumers, through a batch listener if {@code
   * batch}, until {@code tally} is complete; throws if the container stops or past {@code
   * deadlineNanos}.
   */
  static void run(
      Map<String, Object> config,
      String topic,
      int concurrency,
      boolean batch,
      Tally tally,
      long deadlineNanos) {
    DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
    factory.addPostProcessor(ConsumerStats::wrap);
    ContainerProperties properties = new ContainerProperties(topic);
    properties.setSyncCommits(false);
    if (batch) {
      properties.setAckMode(AckMode.BATCH);
      properties.setMessageListener(
          (BatchMessageListener<byte[], byte[]>) records -> addAll(records, tally));
    } else {
      properties.setAckMode(AckMode.TIME);
      properties.setAckTime(RawLoop.COMMIT_INTERVAL_MS);
      properties.setMessageListener(
          (MessageListener<byte[], byte[]>) record -> tally.add(record.value()));
    }
    ConcurrentMessageListenerContainer<byte[], byte[]> container =
        new ConcurrentMessageListenerContainer<>(factory, properties);
    container.setConcurrency(concurrency);
    container.start();
    try {
      VariantRunner.awaitCompletion(
          "the Spring container", tally, deadlineNanos, container::isRunning, () -> null);
    } finally {
      container.stop();
    }
  }

  private static void addAll(List<ConsumerRecord<byte[], byte[]>> records, Tally tally) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      tally.add(record.value());
    }
  }
}
