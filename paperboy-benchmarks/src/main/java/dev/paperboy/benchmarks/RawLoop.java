package dev.paperboy.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The ceiling: what a hand-written consumer does with no engine at all. One thread polls, handles
 * every record right there, and commits the polled positions asynchronously every five seconds
 * (which is only safe because handling is synchronous, on the polling thread).
 */
final class RawLoop {
  static final long COMMIT_INTERVAL_MS = 5_000;
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private RawLoop() {}

  /** Consumes {@code topic} until {@code tally} is complete; throws past {@code deadlineNanos}. */
  static void run(Map<String, Object> config, String topic, Tally tally, long deadlineNanos) {
    long commitIntervalNanos = TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS);
    try (Consumer<byte[], byte[]> consumer = ConsumerStats.wrap(new KafkaConsumer<>(config))) {
      consumer.subscribe(List.of(topic));
      long lastCommit = System.nanoTime();
      while (!tally.isComplete()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          tally.add(record.value());
        }
        long now = System.nanoTime();
        if (now - lastCommit >= commitIntervalNanos) {
          consumer.commitAsync();
          lastCommit = now;
        }
        if (now - deadlineNanos > 0 && !tally.isComplete()) {
          throw new IllegalStateException("raw loop timed out after " + tally);
        }
      }
      consumer.commitSync();
    }
  }
}
