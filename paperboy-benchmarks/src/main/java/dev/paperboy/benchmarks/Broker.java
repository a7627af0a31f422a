package dev.paperboy.benchmarks;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The single-node KRaft broker a benchmark runs against, on loopback, with the helpers the harness
 * needs to load a topic; closing it stops the broker and deletes its data. Where it runs is {@code
 * bench.broker} ({@link BrokerSetup}): in the harness JVM, or in a JVM of its own, whose CPU the
 * measured runs then report apart from the others' ({@link #pid()}).
 */
interface Broker extends AutoCloseable {
  /**
   * The system property that tells a measured JVM which process runs the broker ({@link #pid()}),
   * so that the broker's CPU is reported as such and not as another process's.
   */
  String PID_PROPERTY = "bench.brokerPid";

  /** The {@code bootstrap.servers} value for clients of this broker. */
  String bootstrapServers();

  /** Creates a topic with replication factor 1 and waits until every partition has a leader. */
  void createTopic(String topic, int partitions);

  /** Sends records and waits until the broker acknowledged all of them. */
  void send(Collection<ProducerRecord<byte[], byte[]>> records);

  /** The log end offset of every partition of a topic. */
  Map<TopicPartition, Long> endOffsets(String topic);

  /** The process that runs the broker: this JVM's for the embedded one. */
  long pid();

  /** Where the broker runs, in a few words for the result table. */
  String describe();

  /** Stops the broker and deletes its data. */
  @Override
  void close();
}
