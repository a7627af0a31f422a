package dev.paperboy.benchmarks;

import dev.paperboy.test.ForwardingConsumer;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer that counts how it is driven: polls, empty polls, records, time spent inside {@code
 * poll} (and in long polls), wakeups, pauses, resumes and commits. With {@code
 * -Dbench.consumerStats=true} every run wraps its consumer in one and logs the counts when it
 * closes: the first place to look when a variant is slower than the raw loop. Called by the one
 * thread that owns the consumer only.
 */
final class ConsumerStats<K, V> extends ForwardingConsumer<K, V> {
  private static final Logger log = LoggerFactory.getLogger(ConsumerStats.class);
  private static final long LONG_POLL_NANOS = 100_000_000;
  private static final Set<String> METRICS_OF_FETCHER =
      Set.of("fetch-total", "fetch-size-avg", "records-per-request-avg", "fetch-latency-avg");
  private static final Set<String> METRICS_OF_CONSUMER =
      Set.of("select-total", "io-wait-time-ns-total", "request-total");

  private long polls;
  private long emptyPolls;
  private long records;
  private long pollNanos;
  private long firstPollNanos;
  private long longPolls;
  private long longestPollNanos;
  private long wakeups;
  private long pausedPartitions;
  private long resumedPartitions;
  private long commits;

  ConsumerStats(Consumer<K, V> delegate) {
    super(delegate);
  }

  /** Whether runs collect diagnostics ({@code -Dbench.consumerStats=true}). */
  static boolean enabled() {
    return Boolean.getBoolean("bench.consumerStats");
  }

  /** {@code consumer} wrapped in counters if {@link #enabled()}, else itself. */
  static <K, V> Consumer<K, V> wrap(Consumer<K, V> consumer) {
    return enabled() ? new ConsumerStats<>(consumer) : consumer;
  }

  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    long start = System.nanoTime();
    if (firstPollNanos == 0) {
      firstPollNanos = start;
    }
    Set<TopicPartition> pausedBefore = delegate.paused();
    int returned = -1;
    try {
      ConsumerRecords<K, V> polled = super.poll(timeout);
      returned = polled.count();
      polls++;
      records += polled.count();
      if (polled.isEmpty()) {
        emptyPolls++;
      }
      return polled;
    } catch (WakeupException e) {
      wakeups++;
      throw e;
    } finally {
      long took = System.nanoTime() - start;
      pollNanos += took;
      longestPollNanos = Math.max(longestPollNanos, took);
      if (took >= LONG_POLL_NANOS) {
        longPolls++;
        logLongPoll(start, took, timeout, pausedBefore, returned);
      }
    }
  }

  @Override
  public void pause(Collection<TopicPartition> partitions) {
    pausedPartitions += partitions.size();
    super.pause(partitions);
  }

  @Override
  public void resume(Collection<TopicPartition> partitions) {
    resumedPartitions += partitions.size();
    super.resume(partitions);
  }

  @Override
  public void commitAsync() {
    commits++;
    super.commitAsync();
  }

  @Override
  public void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    commits++;
    super.commitAsync(offsets, callback);
  }

  private void logLongPoll(
      long start, long took, Duration timeout, Set<TopicPartition> pausedBefore, int returned) {
    Map<Integer, Long> lag = new TreeMap<>();
    for (TopicPartition tp : delegate.assignment()) {
      OptionalLong partitionLag = delegate.currentLag(tp);
      lag.put(tp.partition(), partitionLag.isPresent() ? partitionLag.getAsLong() : -1);
    }
    log.info(
        "Long poll at +{} ms: {} ms of {} ms timeout, {} records; paused before: {}; lag by"
            + " partition after: {}",
        (start - firstPollNanos) / 1_000_000,
        took / 1_000_000,
        timeout.toMillis(),
        returned,
        pausedBefore.stream().map(TopicPartition::partition).sorted().toList(),
        lag);
  }

  @Override
  public void close() {
    String fetchMetrics = fetchMetrics();
    super.close();
    log.info("Consumer {}; {}", this, fetchMetrics);
  }

  @Override
  public void close(CloseOptions options) {
    String fetchMetrics = fetchMetrics();
    super.close(options);
    log.info("Consumer {}; {}", this, fetchMetrics);
  }

  /** Logs like {@link #close()}; the deprecated variant, for engines that still call it. */
  @Deprecated
  @Override
  @SuppressWarnings("deprecation")
  public void close(Duration timeout) {
    String fetchMetrics = fetchMetrics();
    super.close(timeout);
    log.info("Consumer {}; {}", this, fetchMetrics);
  }

  /** The client's own view: fetch requests, their size and latency, select calls, I/O wait. */
  private String fetchMetrics() {
    Map<String, Object> picked = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> metric : delegate.metrics().entrySet()) {
      MetricName name = metric.getKey();
      boolean fetch =
          name.group().equals("consumer-fetch-manager-metrics") && name.tags().size() == 1;
      boolean network =
          name.group().equals("consumer-metrics") && METRICS_OF_CONSUMER.contains(name.name());
      if ((fetch && METRICS_OF_FETCHER.contains(name.name())) || network) {
        Object value = metric.getValue().metricValue();
        picked.put(
            name.name(), value instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : value);
      }
    }
    return picked.toString();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "polls=%d (empty %d, %.0f records/poll), in poll %d ms (%d polls >= 100 ms, longest %d"
            + " ms), wakeups=%d, paused=%d, resumed=%d, async commits=%d",
        polls,
        emptyPolls,
        polls == 0 ? 0.0 : (double) records / polls,
        pollNanos / 1_000_000,
        longPolls,
        longestPollNanos / 1_000_000,
        wakeups,
        pausedPartitions,
        resumedPartitions,
        commits);
  }
}
