package dev.paperboy;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How an engine consumes: commits, error policy, bulk mode and its lag-adaptive switching,
 * threading and shutdown. Immutable; made by {@link #builder()}, which validates every value when
 * it is set (and {@code virtualThreads(true)} against the running JVM at {@code build()}) and names
 * the offending option in its {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder()
 *     .failOnException(false)
 *     .bulkModeThreshold(5_000L)
 *     .commitInterval(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 */
public final class EngineOptions {
  /** Default of {@link Builder#withCommit}: commit processed offsets. */
  public static final boolean DEFAULT_WITH_COMMIT = true;

  /** Default of {@link Builder#failOnException}: a handler error stops the engine. */
  public static final boolean DEFAULT_FAIL_ON_EXCEPTION = true;

  /** Default of {@link Builder#withBulkMode}: start in single mode. */
  public static final boolean DEFAULT_WITH_BULK_MODE = false;

  /** Default of {@link Builder#bulkModeTimeoutMs}: a batch waits at most 10 s to fill. */
  public static final long DEFAULT_BULK_MODE_TIMEOUT_MS = 10_000;

  /** Default of {@link Builder#bulkModeMaxRecords}: at most 10,000 records a batch. */
  public static final int DEFAULT_BULK_MODE_MAX_RECORDS = 10_000;

  /**
   * Default of {@link Builder#bulkModeMaxBytes}: at most 16 MiB of serialized keys and values a
   * batch. Records of up to about 1.6 KiB reach {@link #DEFAULT_BULK_MODE_MAX_RECORDS} first, so
   * for them the record bound decides as before; larger records make smaller batches instead of up
   * to 10,000 times their size in the heap. It equals {@link
   * #DEFAULT_MAX_PENDING_BYTES_PER_PARTITION}, so one batch is never more than a partition may hold
   * pending.
   */
  public static final long DEFAULT_BULK_MODE_MAX_BYTES = 16L * 1024 * 1024;

  /** Default of {@link Builder#bulkModeThreshold}: bulk mode while more than 1,000 records lag. */
  public static final long DEFAULT_BULK_MODE_THRESHOLD = 1_000L;

  /** Default of {@link Builder#commitIntervalMs}: commit at most every 10 s. */
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 10_000;

  /** Default of {@link Builder#handlerThreads}: at most 16 partitions handled at the same time. */
  public static final int DEFAULT_HANDLER_THREADS = 16;

  /** Default of {@link Builder#maxPendingRecordsPerPartition}: 10,000 records. */
  public static final int DEFAULT_MAX_PENDING_RECORDS_PER_PARTITION = 10_000;

  /** Default of {@link Builder#maxPendingBytesPerPartition}: 16 MiB. */
  public static final long DEFAULT_MAX_PENDING_BYTES_PER_PARTITION = 16L * 1024 * 1024;

  /** Default of {@link Builder#shutdownTimeoutMs}: handlers get 30 s to finish on shutdown. */
  public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

  /** Default of {@link Builder#shutdownHook}: SIGTERM stops the engine gracefully. */
  public static final boolean DEFAULT_SHUTDOWN_HOOK = true;

  /** Default of {@link Builder#startupTimeoutMs}: 0, report problems but never give up. */
  public static final long DEFAULT_STARTUP_TIMEOUT_MS = 0;

  private static final EngineOptions DEFAULTS = new Builder().build();

  private final boolean withCommit;
  private final boolean failOnException;
  private final boolean withBulkMode;
  private final long bulkModeTimeoutMs;
  private final int bulkModeMaxRecords;
  private final long bulkModeMaxBytes;
  private final Long bulkModeThreshold;
  private final long commitIntervalMs;
  private final int handlerThreads;
  private final int maxPendingRecordsPerPartition;
  private final long maxPendingBytesPerPartition;
  private final long shutdownTimeoutMs;
  private final boolean shutdownHook;
  private final PaperboyListener listener;
  private final RetryPolicy retry;
  private final DeadLetterPolicy deadLetter;
  private final long startupTimeoutMs;
  private final Ordering ordering;
  private final boolean virtualThreads;

  private EngineOptions(Builder b) {
    this.withCommit = b.withCommit;
    this.failOnException = b.failOnException;
    this.withBulkMode = b.withBulkMode;
    this.bulkModeTimeoutMs = b.bulkModeTimeoutMs;
    this.bulkModeMaxRecords = b.bulkModeMaxRecords;
    this.bulkModeMaxBytes = b.bulkModeMaxBytes;
    this.bulkModeThreshold = b.bulkModeThreshold;
    this.commitIntervalMs = b.commitIntervalMs;
    this.handlerThreads = b.handlerThreads;
    this.maxPendingRecordsPerPartition = b.maxPendingRecordsPerPartition;
    this.maxPendingBytesPerPartition = b.maxPendingBytesPerPartition;
    this.shutdownTimeoutMs = b.shutdownTimeoutMs;
    this.shutdownHook = b.shutdownHook;
    this.listener = b.listener;
    this.retry = b.retry;
    this.deadLetter = b.deadLetter;
    this.startupTimeoutMs = b.startupTimeoutMs;
    this.ordering = b.ordering;
    this.virtualThreads = b.virtualThreads;
  }

  /** The options with every default. */
  public static EngineOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether handled offsets are committed; {@code false} means nothing is ever committed. */
  public boolean withCommit() {
    return withCommit;
  }

  /**
   * Whether a handling error (after {@code onError} returned it) stops the engine; {@code false}
   * logs it and moves past the record.
   */
  public boolean failOnException() {
    return failOnException;
  }

  /** Whether the engine starts in bulk mode. */
  public boolean withBulkMode() {
    return withBulkMode;
  }

  /** How long a batch may wait to fill before it is handed over anyway, in milliseconds. */
  public long bulkModeTimeoutMs() {
    return bulkModeTimeoutMs;
  }

  /** The largest batch, in records. */
  public int bulkModeMaxRecords() {
    return bulkModeMaxRecords;
  }

  /**
   * The largest batch, in bytes of serialized keys and values; a single record larger than this is
   * a batch of its own.
   */
  public long bulkModeMaxBytes() {
    return bulkModeMaxBytes;
  }

  /**
   * The lag, in records, above which the engine consumes in bulk and at or below which it consumes
   * record by record; empty when switching is off and the engine stays in its starting mode.
   */
  public OptionalLong bulkModeThreshold() {
    return bulkModeThreshold == null ? OptionalLong.empty() : OptionalLong.of(bulkModeThreshold);
  }

  /** The least time between two timed commits, in milliseconds, in both modes. */
  public long commitIntervalMs() {
    return commitIntervalMs;
  }

  /**
   * The most records in handlers at the same time, engine-wide: under {@link Ordering#PARTITION}
   * also the most partitions handled at once.
   */
  public int handlerThreads() {
    return handlerThreads;
  }

  /** Which records of one partition may be handled at the same time. */
  public Ordering ordering() {
    return ordering;
  }

  /** Whether handlers run on virtual threads (Java 21 and newer). */
  public boolean virtualThreads() {
    return virtualThreads;
  }

  /**
   * Fetched records of one partition that may wait for its handler before the engine pauses that
   * partition (in bulk mode the limit is above {@link #bulkModeMaxRecords()}: one full batch in
   * progress never pauses its partition).
   */
  public int maxPendingRecordsPerPartition() {
    return maxPendingRecordsPerPartition;
  }

  /**
   * Bytes (serialized keys and values) of fetched records of one partition that may wait for its
   * handler before the engine pauses that partition.
   */
  public long maxPendingBytesPerPartition() {
    return maxPendingBytesPerPartition;
  }

  /**
   * On shutdown, how long handlers get to finish their current record or batch, in milliseconds.
   */
  public long shutdownTimeoutMs() {
    return shutdownTimeoutMs;
  }

  /**
   * Whether a JVM shutdown (SIGTERM, Ctrl-C) stops the engine gracefully, final commit included.
   */
  public boolean shutdownHook() {
    return shutdownHook;
  }

  /** The listener that observes the engine; {@link PaperboyListener#NONE} by default. */
  public PaperboyListener listener() {
    return listener;
  }

  /** How failed records are retried; {@link RetryPolicy#none()} by default. */
  public RetryPolicy retry() {
    return retry;
  }

  /** Where records that failed for good go, or null to apply {@link #failOnException()}. */
  public DeadLetterPolicy deadLetter() {
    return deadLetter;
  }

  /**
   * How long the engine may fail to reach its cluster, find its topics or join its group before
   * {@code start()} gives up with a {@link PaperboyException}, in milliseconds; 0 never gives up
   * (problems are logged and reported, and the engine keeps trying).
   */
  public long startupTimeoutMs() {
    return startupTimeoutMs;
  }

  /**
   * Equal when every value is: the same settings, equal {@link #retry()} and {@link #deadLetter()}
   * policies, and the same (or an equal) {@link #listener()}.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EngineOptions other)) {
      return false;
    }
    return withCommit == other.withCommit
        && failOnException == other.failOnException
        && withBulkMode == other.withBulkMode
        && bulkModeTimeoutMs == other.bulkModeTimeoutMs
        && bulkModeMaxRecords == other.bulkModeMaxRecords
        && bulkModeMaxBytes == other.bulkModeMaxBytes
        && Objects.equals(bulkModeThreshold, other.bulkModeThreshold)
        && commitIntervalMs == other.commitIntervalMs
        && handlerThreads == other.handlerThreads
        && maxPendingRecordsPerPartition == other.maxPendingRecordsPerPartition
        && maxPendingBytesPerPartition == other.maxPendingBytesPerPartition
        && shutdownTimeoutMs == other.shutdownTimeoutMs
        && shutdownHook == other.shutdownHook
        && listener.equals(other.listener)
        && retry.equals(other.retry)
        && Objects.equals(deadLetter, other.deadLetter)
        && startupTimeoutMs == other.startupTimeoutMs
        && ordering == other.ordering
        && virtualThreads == other.virtualThreads;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        withCommit,
        failOnException,
        withBulkMode,
        bulkModeTimeoutMs,
        bulkModeMaxRecords,
        bulkModeMaxBytes,
        bulkModeThreshold,
        commitIntervalMs,
        handlerThreads,
        maxPendingRecordsPerPartition,
        maxPendingBytesPerPartition,
        shutdownTimeoutMs,
        shutdownHook,
        listener,
        retry,
        deadLetter,
        startupTimeoutMs,
        ordering,
        virtualThreads);
  }

  @Override
  public String toString() {
    return "EngineOptions{withCommit="
        + withCommit
        + ", failOnException="
        + failOnException
        + ", withBulkMode="
        + withBulkMode
        + ", bulkModeTimeoutMs="
        + bulkModeTimeoutMs
        + ", bulkModeMaxRecords="
        + bulkModeMaxRecords
        + ", bulkModeMaxBytes="
        + bulkModeMaxBytes
        + ", bulkModeThreshold="
        + bulkModeThreshold
        + ", commitIntervalMs="
        + commitIntervalMs
        + ", handlerThreads="
        + handlerThreads
        + ", maxPendingRecordsPerPartition="
        + maxPendingRecordsPerPartition
        + ", maxPendingBytesPerPartition="
        + maxPendingBytesPerPartition
        + ", shutdownTimeoutMs="
        + shutdownTimeoutMs
        + ", shutdownHook="
        + shutdownHook
        + ", retry="
        + retry
        + ", deadLetter="
        + (deadLetter != null)
        + ", startupTimeoutMs="
        + startupTimeoutMs
        + ", ordering="
        + ordering
        + ", virtualThreads="
        + virtualThreads
        + "}";
  }

  /** Builds {@link EngineOptions}; each setter validates its value. */
  public static final class Builder {
    private boolean withCommit = DEFAULT_WITH_COMMIT;
    private boolean failOnException = DEFAULT_FAIL_ON_EXCEPTION;
    private boolean withBulkMode = DEFAULT_WITH_BULK_MODE;
    private long bulkModeTimeoutMs = DEFAULT_BULK_MODE_TIMEOUT_MS;
    private int bulkModeMaxRecords = DEFAULT_BULK_MODE_MAX_RECORDS;
    private long bulkModeMaxBytes = DEFAULT_BULK_MODE_MAX_BYTES;
    private Long bulkModeThreshold = DEFAULT_BULK_MODE_THRESHOLD;
    private long commitIntervalMs = DEFAULT_COMMIT_INTERVAL_MS;
    private int handlerThreads = DEFAULT_HANDLER_THREADS;
    private int maxPendingRecordsPerPartition = DEFAULT_MAX_PENDING_RECORDS_PER_PARTITION;
    private long maxPendingBytesPerPartition = DEFAULT_MAX_PENDING_BYTES_PER_PARTITION;
    private long shutdownTimeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS;
    private boolean shutdownHook = DEFAULT_SHUTDOWN_HOOK;
    private PaperboyListener listener = PaperboyListener.NONE;
    private RetryPolicy retry = RetryPolicy.none();
    private DeadLetterPolicy deadLetter;
    private long startupTimeoutMs = DEFAULT_STARTUP_TIMEOUT_MS;
    private Ordering ordering = Ordering.PARTITION;
    private boolean virtualThreads;

    private Builder() {}

    private Builder(EngineOptions o) {
      this.withCommit = o.withCommit;
      this.failOnException = o.failOnException;
      this.withBulkMode = o.withBulkMode;
      this.bulkModeTimeoutMs = o.bulkModeTimeoutMs;
      this.bulkModeMaxRecords = o.bulkModeMaxRecords;
      this.bulkModeMaxBytes = o.bulkModeMaxBytes;
      this.bulkModeThreshold = o.bulkModeThreshold;
      this.commitIntervalMs = o.commitIntervalMs;
      this.handlerThreads = o.handlerThreads;
      this.maxPendingRecordsPerPartition = o.maxPendingRecordsPerPartition;
      this.maxPendingBytesPerPartition = o.maxPendingBytesPerPartition;
      this.shutdownTimeoutMs = o.shutdownTimeoutMs;
      this.shutdownHook = o.shutdownHook;
      this.listener = o.listener;
      this.retry = o.retry;
      this.deadLetter = o.deadLetter;
      this.startupTimeoutMs = o.startupTimeoutMs;
      this.ordering = o.ordering;
      this.virtualThreads = o.virtualThreads;
    }

    /** Commit handled offsets ({@code true}, the default) or never commit anything. */
    public Builder withCommit(boolean withCommit) {
      this.withCommit = withCommit;
      return this;
    }

    /**
     * Stop the engine on a handling error ({@code true}, the default), leaving the failed record
     * uncommitted so it is redelivered; or log the error and move past the record ({@code false}).
     */
    public Builder failOnException(boolean failOnException) {
      this.failOnException = failOnException;
      return this;
    }

    /** Start in bulk mode ({@code true}) or in single mode ({@code false}, the default). */
    public Builder withBulkMode(boolean withBulkMode) {
      this.withBulkMode = withBulkMode;
      return this;
    }

    /** How long a batch may wait to fill, in milliseconds; 0 hands over what one poll returned. */
    public Builder bulkModeTimeoutMs(long bulkModeTimeoutMs) {
      if (bulkModeTimeoutMs < 0) {
        throw new IllegalArgumentException("bulkModeTimeoutMs must be >= 0: " + bulkModeTimeoutMs);
      }
      this.bulkModeTimeoutMs = bulkModeTimeoutMs;
      return this;
    }

    /** {@link #bulkModeTimeoutMs(long)} as a duration. */
    public Builder bulkModeTimeout(Duration bulkModeTimeout) {
      return bulkModeTimeoutMs(millis(bulkModeTimeout, "bulkModeTimeout"));
    }

    /** The largest batch, in records; must be positive. */
    public Builder bulkModeMaxRecords(int bulkModeMaxRecords) {
      if (bulkModeMaxRecords <= 0) {
        throw new IllegalArgumentException("bulkModeMaxRecords must be > 0: " + bulkModeMaxRecords);
      }
      this.bulkModeMaxRecords = bulkModeMaxRecords;
      return this;
    }

    /**
     * The largest batch, in bytes of serialized keys and values; must be positive. A batch is
     * handed over once it holds {@link #bulkModeMaxRecords} records or this many bytes, whichever
     * comes first; a single record larger than this is handed over as a batch of its own.
     */
    public Builder bulkModeMaxBytes(long bulkModeMaxBytes) {
      if (bulkModeMaxBytes <= 0) {
        throw new IllegalArgumentException("bulkModeMaxBytes must be > 0: " + bulkModeMaxBytes);
      }
      this.bulkModeMaxBytes = bulkModeMaxBytes;
      return this;
    }

    /**
     * The lag (unhandled records over the engine's partitions) above which the engine consumes in
     * bulk; at or below it, record by record. {@code null} turns switching off: the engine stays in
     * the mode it started in ({@link #withBulkMode}).
     */
    public Builder bulkModeThreshold(Long bulkModeThreshold) {
      if (bulkModeThreshold != null && bulkModeThreshold < 0) {
        throw new IllegalArgumentException(
            "bulkModeThreshold must be >= 0 or null: " + bulkModeThreshold);
      }
      this.bulkModeThreshold = bulkModeThreshold;
      return this;
    }

    /** The least time between timed commits, in milliseconds, in both modes; must be >= 0. */
    public Builder commitIntervalMs(long commitIntervalMs) {
      if (commitIntervalMs < 0) {
        throw new IllegalArgumentException("commitIntervalMs must be >= 0: " + commitIntervalMs);
      }
      this.commitIntervalMs = commitIntervalMs;
      return this;
    }

    /** {@link #commitIntervalMs(long)} as a duration. */
    public Builder commitInterval(Duration commitInterval) {
      return commitIntervalMs(millis(commitInterval, "commitInterval"));
    }

    /**
     * The most records in handlers at the same time, engine-wide: the number of handler threads,
     * started on demand and retired when idle. Under {@link Ordering#PARTITION} each partition is
     * handled by one thread at a time, so this also caps how many partitions are handled at once.
     * With {@link #virtualThreads(boolean)} it may be in the thousands.
     */
    public Builder handlerThreads(int handlerThreads) {
      if (handlerThreads <= 0) {
        throw new IllegalArgumentException("handlerThreads must be > 0: " + handlerThreads);
      }
      this.handlerThreads = handlerThreads;
      return this;
    }

    /**
     * How many fetched records of one partition may wait for its handler before the engine pauses
     * fetching that partition; this bounds memory whatever the lag. Must be positive.
     */
    public Builder maxPendingRecordsPerPartition(int maxPendingRecordsPerPartition) {
      if (maxPendingRecordsPerPartition <= 0) {
        throw new IllegalArgumentException(
            "maxPendingRecordsPerPartition must be > 0: " + maxPendingRecordsPerPartition);
      }
      this.maxPendingRecordsPerPartition = maxPendingRecordsPerPartition;
      return this;
    }

    /**
     * How many bytes (serialized keys and values) of fetched records of one partition may wait for
     * its handler before the engine pauses fetching that partition; with {@link
     * #maxPendingRecordsPerPartition} this bounds memory whatever the record size. Must be
     * positive.
     */
    public Builder maxPendingBytesPerPartition(long maxPendingBytesPerPartition) {
      if (maxPendingBytesPerPartition <= 0) {
        throw new IllegalArgumentException(
            "maxPendingBytesPerPartition must be > 0: " + maxPendingBytesPerPartition);
      }
      this.maxPendingBytesPerPartition = maxPendingBytesPerPartition;
      return this;
    }

    /**
     * On shutdown, how long handlers get to finish the record or batch they are in before the
     * engine commits what was handled and closes anyway, in milliseconds; must be >= 0.
     */
    public Builder shutdownTimeoutMs(long shutdownTimeoutMs) {
      if (shutdownTimeoutMs < 0) {
        throw new IllegalArgumentException("shutdownTimeoutMs must be >= 0: " + shutdownTimeoutMs);
      }
      this.shutdownTimeoutMs = shutdownTimeoutMs;
      return this;
    }

    /** {@link #shutdownTimeoutMs(long)} as a duration. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      return shutdownTimeoutMs(millis(shutdownTimeout, "shutdownTimeout"));
    }

    /**
     * Register a JVM shutdown hook while the engine runs ({@code true}, the default), so SIGTERM or
     * Ctrl-C stops it gracefully with its final commit.
     */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /**
     * The listener that observes the engine.
     *
     * @throws IllegalArgumentException if {@code listener} is null
     */
    public Builder listener(PaperboyListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException(
            "listener must not be null: leave it unset for none, or add observers with"
                + " PaperboyEngine.addListener");
      }
      this.listener = listener;
      return this;
    }

    /** How failed records are retried before they count as errors; must not be null. */
    public Builder retry(RetryPolicy retry) {
      if (retry == null) {
        throw new IllegalArgumentException("retry must not be null: use RetryPolicy.none()");
      }
      this.retry = retry;
      return this;
    }

    /**
     * Send records that failed for good, and poison pills, to a dead-letter topic; null (the
     * default) applies {@link #failOnException} to them instead.
     */
    public Builder deadLetter(DeadLetterPolicy deadLetter) {
      this.deadLetter = deadLetter;
      return this;
    }

    /**
     * How long the engine may fail to reach its cluster, find its topics or join its group before
     * {@code start()} throws, in milliseconds; 0 (the default) never gives up. Must be >= 0. One
     * deadline, counted from {@code start()}: the tables' restore and the join share it.
     */
    public Builder startupTimeoutMs(long startupTimeoutMs) {
      if (startupTimeoutMs < 0) {
        throw new IllegalArgumentException("startupTimeoutMs must be >= 0: " + startupTimeoutMs);
      }
      this.startupTimeoutMs = startupTimeoutMs;
      return this;
    }

    /** {@link #startupTimeoutMs(long)} as a duration. */
    public Builder startupTimeout(Duration startupTimeout) {
      return startupTimeoutMs(millis(startupTimeout, "startupTimeout"));
    }

    /**
     * Which records of one partition may be handled at the same time: {@link Ordering#PARTITION}
     * (the default) one at a time in offset order, {@link Ordering#KEY} one at a time per key,
     * {@link Ordering#UNORDERED} any. Commits stay below the first record not yet handled.
     */
    public Builder ordering(Ordering ordering) {
      if (ordering == null) {
        throw new IllegalArgumentException("ordering must not be null");
      }
      this.ordering = ordering;
      return this;
    }

    /**
     * Runs handlers on virtual threads ({@code true}) instead of platform threads. Needs Java 21 or
     * newer: {@link #build()} fails on an older JVM. {@link #handlerThreads(int)} then bounds the
     * records in handlers at once and may be in the thousands, which suits handlers that wait on
     * I/O under {@link Ordering#KEY} or {@link Ordering#UNORDERED}.
     */
    public Builder virtualThreads(boolean virtualThreads) {
      this.virtualThreads = virtualThreads;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if {@code virtualThreads(true)} was asked for on a JVM older
     *     than Java 21
     */
    public EngineOptions build() {
      if (virtualThreads && Runtime.version().feature() < 21) {
        throw new IllegalArgumentException(
            "virtualThreads(true) needs Java 21 or newer; this JVM is Java "
                + Runtime.version().feature());
      }
      return new EngineOptions(this);
    }

    private static long millis(Duration duration, String option) {
      if (duration == null) {
        throw new IllegalArgumentException(option + " must not be null");
      }
      return duration.toMillis();
    }
  }
}
