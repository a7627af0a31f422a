package dev.paperboy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class ForkedBrokerTest {

  @Test
  void forkedBrokerServesARecordAndEndsWithItsProcess() throws Exception {
    ForkedBroker broker = ForkedBroker.start(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    ProcessHandle process;
    List<ConsumerRecord<byte[], byte[]>> read;
    try {
      process = ProcessHandle.of(broker.pid()).orElseThrow();
      broker.createTopic("forked", 1);
      broker.send(List.of(new ProducerRecord<>("forked", 0, null, bytes("hello"))));
      read = readAll(broker.bootstrapServers(), new TopicPartition("forked", 0), 1);
    } finally {
      broker.close();
    }

    assertThat(process.pid()).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(read)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("hello");
    assertThat(process.isAlive()).isFalse();
    assertThat(broker.isAlive()).isFalse();
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrapServers, TopicPartition partition, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() - deadline < 0) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
