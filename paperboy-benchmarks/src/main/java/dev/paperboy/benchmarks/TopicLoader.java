package dev.paperboy.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fills the benchmark topic on the broker: {@code records} values of {@code valueBytes} random
 * (seeded, so repeatable) bytes, sent in chunks and acknowledged by the broker. Without keys
 * ({@code bench.keys=0}) records go round-robin over the partitions; with N keys record i has the
 * key {@code "k" + (i % N)} and goes where Kafka's default partitioner puts that key, as in a real
 * keyed topic (so with few keys the partitions may hold unequal shares). Returns the totals every
 * run must end with.
 */
final class TopicLoader {
  private static final long SEED = 0x9A9E_2B01L;
  private static final int CHUNK = 50_000;

  private TopicLoader() {}

  static Totals load(Broker broker, String topic, BenchmarkConfig config) {
    broker.createTopic(topic, config.partitions());
    Random random = new Random(SEED);
    long checksum = 0;
    List<ProducerRecord<byte[], byte[]>> chunk = new ArrayList<>(CHUNK);
    for (int i = 0; i < config.records(); i++) {
      byte[] value = new byte[config.valueBytes()];
      random.nextBytes(value);
      checksum += Tally.checksumOf(value);
      chunk.add(record(topic, i, value, config));
      if (chunk.size() == CHUNK) {
        broker.send(chunk);
        chunk = new ArrayList<>(CHUNK);
      }
    }
    if (!chunk.isEmpty()) {
      broker.send(chunk);
    }
    long stored = broker.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    if (stored != config.records()) {
      throw new IllegalStateException(
          "the topic holds " + stored + " records, not " + config.records());
    }
    return new Totals(config.records(), checksum);
  }

  private static ProducerRecord<byte[], byte[]> record(
      String topic, int i, byte[] value, BenchmarkConfig config) {
    if (config.keys() == 0) {
      return new ProducerRecord<>(topic, i % config.partitions(), null, value);
    }
    byte[] key = ("k" + (i % config.keys())).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, key, value);
  }
}
