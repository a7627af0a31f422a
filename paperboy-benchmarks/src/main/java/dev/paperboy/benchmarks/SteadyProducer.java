package dev.paperboy.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a steady stream for the scale-out benchmark: {@code rate} records a second, in ticks of
 * 10 ms, record {@code n} (from 0) with the sequence number {@code n} in the first 8 bytes of its
 * value and on partition {@code n % partitions}, no key. Counts what the broker acknowledged and
 * which failed; after {@link #stop()} every sequence number below {@link #sent()} was acknowledged
 * unless {@link #failed()} holds it.
 */
final class SteadyProducer implements AutoCloseable {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final int partitions;
  private final int valueBytes;
  private final int rate;
  private final AtomicLong acknowledged = new AtomicLong();
  private final Set<Long> failed = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean stopped;
  private long sent;

  SteadyProducer(String bootstrapServers, String topic, int partitions, int valueBytes, int rate) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // As EmbeddedKafka's producer: one request in flight keeps the order without the idempotent
    // producer, whose sequence bookkeeping failed sends here (OutOfOrderSequenceException) while
    // the group coordinator was busy with a rebalance.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    this.producer = new KafkaProducer<>(config);
    this.topic = topic;
    this.partitions = partitions;
    this.valueBytes = Math.max(Long.BYTES, valueBytes);
    this.rate = rate;
    this.thread = new Thread(this::produce, "scale-producer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops producing and waits until every sent record was acknowledged or failed. */
  void stop() throws InterruptedException {
    stopped = true;
    thread.join();
    producer.flush();
  }

  /** Records sent: sequence numbers 0 to {@code sent() - 1}. Final after {@link #stop()}. */
  synchronized long sent() {
    return sent;
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Sequence numbers whose send failed: they may or may not be in the topic. */
  Set<Long> failed() {
    return Set.copyOf(failed);
  }

  private void produce() {
    long start = System.nanoTime();
    long tick = 0;
    while (!stopped) {
      long due = rate * (tick + 1) * TICK_NANOS / TimeUnit.SECONDS.toNanos(1);
      while (sent() < due) {
        send();
      }
      tick++;
      long wait = start + tick * TICK_NANOS - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private synchronized void send() {
    long sequence = sent++;
    byte[] value = ByteBuffer.allocate(valueBytes).putLong(sequence).array();
    producer.send(
        new ProducerRecord<>(topic, (int) (sequence % partitions), null, value),
        (metadata, error) -> {
          if (error == null) {
            acknowledged.incrementAndGet();
          } else {
            failed.add(sequence);
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
