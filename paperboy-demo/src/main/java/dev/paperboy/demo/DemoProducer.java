package dev.paperboy.demo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the generator's stream to Kafka: first a backlog as fast as the broker takes it, then a
 * live trickle at a steady rate from a thread of its own. Counts what the broker acknowledged, per
 * topic, which is what the summary compares the handled counts with.
 */
final class DemoProducer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoProducer.class);
  private static final long LIVE_TICK_MS = 50;
  private static final int STOP_CHECK_EVERY = 5_000;

  private final Producer<String, String> producer;
  private final StreamGenerator generator;
  private final Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Callback onAck = this::acknowledged;
  private ScheduledExecutorService live;

  DemoProducer(String bootstrapServers, StreamGenerator generator, Topics topics) {
    this.producer = new KafkaProducer<>(config(bootstrapServers));
    this.generator = generator;
    topics.inputs().forEach(t -> acked.put(t, new AtomicLong()));
  }

  /**
   * Sends {@code count} records and waits until the broker acknowledged them all; returns early,
   * after flushing, when {@code stopRequested} turns true.
   *
   * @throws IllegalStateException if the broker refused a record
   */
  void produceBacklog(int count, BooleanSupplier stopRequested) {
    for (int i = 0; i < count; i++) {
      if (i % STOP_CHECK_EVERY == 0 && (stopRequested.getAsBoolean() || failure.get() != null)) {
        break;
      }
      producer.send(generator.next(), onAck);
    }
    producer.flush();
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException("producing the backlog failed: " + error, error);
    }
  }

  /** Starts sending {@code perSecond} records a second, spread evenly; 0 sends nothing. */
  synchronized void startLive(int perSecond) {
    if (perSecond == 0 || live != null) {
      return;
    }
    live = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "demo-live-producer"));
    long start = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    live.scheduleAtFixedRate(
        () -> {
          long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
          while (sent.get() < due) {
            producer.send(generator.next(), onAck);
            sent.incrementAndGet();
          }
        },
        0,
        LIVE_TICK_MS,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the live trickle and waits until what it sent is acknowledged. */
  synchronized void stopLive() {
    if (live != null) {
      live.shutdown();
      try {
        if (!live.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("The live producer did not stop within 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.flush();
  }

  /** Records of {@code topic} the broker acknowledged so far. */
  long produced(String topic) {
    AtomicLong count = acked.get(topic);
    return count == null ? 0 : count.get();
  }

  /** Records of every topic the broker acknowledged so far. */
  long produced() {
    return acked.values().stream().mapToLong(AtomicLong::get).sum();
  }

  @Override
  public void close() {
    stopLive();
    producer.close(Duration.ofSeconds(5));
  }

  private void acknowledged(RecordMetadata metadata, Exception e) {
    if (e != null) {
      if (failure.compareAndSet(null, e)) {
        log.warn("The broker refused a record: {}", e.toString());
      }
      return;
    }
    acked.get(metadata.topic()).incrementAndGet();
  }

  private static Map<String, Object> config(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG,
        "paperboy-demo-producer",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.LINGER_MS_CONFIG,
        5,
        ProducerConfig.BATCH_SIZE_CONFIG,
        256 * 1024);
  }
}
