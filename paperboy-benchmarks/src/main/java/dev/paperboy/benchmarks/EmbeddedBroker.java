package dev.paperboy.benchmarks;

import dev.paperboy.test.EmbeddedKafka;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The broker in the harness JVM ({@code bench.broker=embedded}): paperboy-test's {@link
 * EmbeddedKafka}, as every benchmark of the module used before the forked broker existed.
 */
final class EmbeddedBroker implements Broker {
  private final EmbeddedKafka kafka;

  private EmbeddedBroker(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  static EmbeddedBroker start() {
    return new EmbeddedBroker(EmbeddedKafka.start());
  }

  @Override
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public void createTopic(String topic, int partitions) {
    kafka.createTopic(topic, partitions);
  }

  @Override
  public void send(Collection<ProducerRecord<byte[], byte[]>> records) {
    kafka.send(records);
  }

  @Override
  public Map<TopicPartition, Long> endOffsets(String topic) {
    return kafka.endOffsets(topic);
  }

  @Override
  public long pid() {
    return ProcessHandle.current().pid();
  }

  @Override
  public String describe() {
    return "embedded in the harness JVM (pid "
        + pid()
        + "; its CPU s is that JVM's: the broker's and the idle harness's)";
  }

  @Override
  public void close() {
    kafka.close();
  }
}
