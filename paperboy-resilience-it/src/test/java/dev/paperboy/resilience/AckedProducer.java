package dev.paperboy.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces numbered records with {@code acks=all} on a thread of its own until stopped, and
 * remembers the partition and offset of every record the cluster acknowledged: the records a
 * consumer must not lose.
 */
final class AckedProducer implements AutoCloseable {
  private final String topic;
  private final int burst;
  private final long pauseMs;
  private final KafkaProducer<String, String> producer;
  private final Set<RecordId> acked = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Sends {@code burst} records, pauses {@code pauseMs}, and again, once started. */
  AckedProducer(String bootstrap, String topic, int burst, long pauseMs) {
    this.topic = topic;
    this.burst = burst;
    this.pauseMs = pauseMs;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
            new StringSerializer(),
            new StringSerializer());
    this.thread = new Thread(this::run, "acked-producer-" + topic);
    thread.setDaemon(true);
  }

  AckedProducer start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      while (running) {
        for (int i = 0; i < burst && running; i++) {
          int n = sent.getAndIncrement();
          producer.send(
              new ProducerRecord<>(topic, "key-" + n, "value-" + n),
              (metadata, error) -> {
                if (error == null) {
                  acked.add(new RecordId(metadata.partition(), metadata.offset()));
                } else {
                  failed.incrementAndGet();
                  firstFailure.compareAndSet(null, error);
                }
              });
        }
        Thread.sleep(pauseMs); // the situation under test: a steady stream of records
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops sending and waits until every record sent was acknowledged or failed. */
  void stop() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(60));
    producer.flush();
  }

  /** The partition and offset of every acknowledged record. */
  Set<RecordId> acked() {
    return Set.copyOf(acked);
  }

  int ackedCount() {
    return acked.size();
  }

  int sent() {
    return sent.get();
  }

  int failed() {
    return failed.get();
  }

  /** The first send that failed for good, or null. */
  Exception firstFailure() {
    return firstFailure.get();
  }

  @Override
  public void close() {
    running = false;
    producer.close(Duration.ofSeconds(10));
  }
}
