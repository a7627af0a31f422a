package dev.paperboy.demo;

import java.time.Duration;

/**
 * What a demo run does: where it runs, how long the engine consumes, how many records make the
 * backlog and the live trickle, and the lag above which the engine consumes in bulk. Immutable;
 * start from {@link #defaults()} and change what differs with the {@code with...} methods.
 *
 * @param bootstrapServers an existing cluster to run against, or {@code null} to start an embedded
 *     broker
 * @param duration how long the engine consumes before the demo stops by itself
 * @param backlogRecords how many records are produced before the engine starts, over both topics
 * @param liveRecordsPerSecond how many records are produced per second while the engine runs
 * @param partitions partitions of each of the demo's topics
 * @param bulkModeThreshold the engine's {@code bulkModeThreshold}, in records of lag
 */
public record DemoOptions(
    String bootstrapServers,
    Duration duration,
    int backlogRecords,
    int liveRecordsPerSecond,
    int partitions,
    long bulkModeThreshold) {

  /** Default of {@link #duration()}: the engine consumes for 30 seconds. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

  /** Default of {@link #backlogRecords()}: 300,000 records waiting when the engine starts. */
  public static final int DEFAULT_BACKLOG_RECORDS = 300_000;

  /** Default of {@link #liveRecordsPerSecond()}: a trickle of 40 records a second. */
  public static final int DEFAULT_LIVE_RECORDS_PER_SECOND = 40;

  /** Default of {@link #partitions()}: three partitions per topic. */
  public static final int DEFAULT_PARTITIONS = 3;

  /** Default of {@link #bulkModeThreshold()}: the engine's own default, 1,000 records. */
  public static final long DEFAULT_BULK_MODE_THRESHOLD = 1_000L;

  /** Checks every value; the message names the offending option. */
  public DemoOptions {
    if (bootstrapServers != null && bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    if (backlogRecords < 0) {
      throw new IllegalArgumentException("backlogRecords must be >= 0: " + backlogRecords);
    }
    if (liveRecordsPerSecond < 0) {
      throw new IllegalArgumentException(
          "liveRecordsPerSecond must be >= 0: " + liveRecordsPerSecond);
    }
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0: " + partitions);
    }
    if (bulkModeThreshold < 0) {
      throw new IllegalArgumentException("bulkModeThreshold must be >= 0: " + bulkModeThreshold);
    }
  }

  /** The options of the README's command: an embedded broker and every default. */
  public static DemoOptions defaults() {
    return new DemoOptions(
        null,
        DEFAULT_DURATION,
        DEFAULT_BACKLOG_RECORDS,
        DEFAULT_LIVE_RECORDS_PER_SECOND,
        DEFAULT_PARTITIONS,
        DEFAULT_BULK_MODE_THRESHOLD);
  }

  /** Whether the demo starts a broker of its own. */
  public boolean embedded() {
    return bootstrapServers == null;
  }

  /** These options against {@code servers}, or an embedded broker when {@code null}. */
  public DemoOptions withBootstrapServers(String servers) {
    return new DemoOptions(
        servers, duration, backlogRecords, liveRecordsPerSecond, partitions, bulkModeThreshold);
  }

  /** These options with another {@link #duration()}. */
  public DemoOptions withDuration(Duration value) {
    return new DemoOptions(
        bootstrapServers,
        value,
        backlogRecords,
        liveRecordsPerSecond,
        partitions,
        bulkModeThreshold);
  }

  /** These options with another {@link #backlogRecords()}. */
  public DemoOptions withBacklogRecords(int value) {
    return new DemoOptions(
        bootstrapServers, duration, value, liveRecordsPerSecond, partitions, bulkModeThreshold);
  }

  /** These options with another {@link #liveRecordsPerSecond()}. */
  public DemoOptions withLiveRecordsPerSecond(int value) {
    return new DemoOptions(
        bootstrapServers, duration, backlogRecords, value, partitions, bulkModeThreshold);
  }

  /** These options with another {@link #partitions()}. */
  public DemoOptions withPartitions(int value) {
    return new DemoOptions(
        bootstrapServers, duration, backlogRecords, liveRecordsPerSecond, value, bulkModeThreshold);
  }

  /** These options with another {@link #bulkModeThreshold()}. */
  public DemoOptions withBulkModeThreshold(long value) {
    return new DemoOptions(
        bootstrapServers, duration, backlogRecords, liveRecordsPerSecond, partitions, value);
  }
}
