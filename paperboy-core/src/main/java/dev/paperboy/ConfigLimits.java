package dev.paperboy;

import dev.paperboy.ConfigDoctor.Finding;
import dev.paperboy.ConfigDoctor.Severity;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The {@link ConfigDoctor}'s checks of the consumer's numeric settings against the engine's
 * options: the poll interval against the shutdown time, and what one poll may fetch against the
 * per-partition pause limits. Each finding is a warning: these settings make the engine redeliver
 * more or hold more memory than its options say, but they never stop it. A setting left out counts
 * with Kafka's default; a value that is not a whole number is left to the consumer to refuse.
 */
final class ConfigLimits {
  /** Kafka's default {@code max.poll.interval.ms}. */
  static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

  /** Kafka's default {@code max.poll.records}. */
  static final long DEFAULT_MAX_POLL_RECORDS = 500;

  /** Kafka's default {@code max.partition.fetch.bytes}. */
  static final long DEFAULT_MAX_PARTITION_FETCH_BYTES = 1024 * 1024;

  /** Kafka's default {@code fetch.max.bytes}. */
  static final long DEFAULT_FETCH_MAX_BYTES = 50L * 1024 * 1024;

  private ConfigLimits() {}

  static void examine(Map<String, ?> config, EngineOptions options, List<Finding> findings) {
    pollInterval(config, options, findings);
    pollRecords(config, options, findings);
    fetchBytes(config, options, findings);
    bulkBatch(options, findings);
  }

  private static void pollInterval(
      Map<String, ?> config, EngineOptions options, List<Finding> findings) {
    String key = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG;
    long interval = ConfigDoctor.number(config, key).orElse(DEFAULT_MAX_POLL_INTERVAL_MS);
    long shutdown = options.shutdownTimeoutMs();
    if (interval <= shutdown) {
      findings.add(
          new Finding(
              Severity.WARNING,
              key,
              key
                  + "="
                  + interval
                  + " is not longer than shutdownTimeoutMs="
                  + shutdown
                  + ": on shutdown the engine waits up to shutdownTimeoutMs for handlers without"
                  + " polling, so a slow handler makes the consumer leave its group and the final"
                  + " commit fail, and what was handled since the last commit is delivered again;"
                  + " raise "
                  + key
                  + " above "
                  + shutdown
                  + " or lower EngineOptions.shutdownTimeoutMs"));
    }
  }

  private static void pollRecords(
      Map<String, ?> config, EngineOptions options, List<Finding> findings) {
    String key = ConsumerConfig.MAX_POLL_RECORDS_CONFIG;
    long records = ConfigDoctor.number(config, key).orElse(DEFAULT_MAX_POLL_RECORDS);
    int limit = options.maxPendingRecordsPerPartition();
    if (records > limit) {
      findings.add(
          new Finding(
              Severity.WARNING,
              key,
              key
                  + "="
                  + records
                  + " is above maxPendingRecordsPerPartition="
                  + limit
                  + ": one poll can bring a partition more records than the engine lets wait"
                  + " before it pauses the partition, so the limit does not bound memory; lower "
                  + key
                  + " to at most "
                  + limit
                  + " or raise EngineOptions.maxPendingRecordsPerPartition"));
    }
  }

  private static void fetchBytes(
      Map<String, ?> config, EngineOptions options, List<Finding> findings) {
    long partitionFetch =
        ConfigDoctor.number(config, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)
            .orElse(DEFAULT_MAX_PARTITION_FETCH_BYTES);
    long fetch =
        ConfigDoctor.number(config, ConsumerConfig.FETCH_MAX_BYTES_CONFIG)
            .orElse(DEFAULT_FETCH_MAX_BYTES);
    String key =
        partitionFetch <= fetch
            ? ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG
            : ConsumerConfig.FETCH_MAX_BYTES_CONFIG;
    long bytes = Math.min(partitionFetch, fetch);
    long limit = options.maxPendingBytesPerPartition();
    if (bytes > limit) {
      findings.add(
          new Finding(
              Severity.WARNING,
              key,
              key
                  + "="
                  + bytes
                  + (config.get(key) == null ? " (Kafka's default)" : "")
                  + " is above maxPendingBytesPerPartition="
                  + limit
                  + ": one fetch can bring a partition more bytes than the engine lets wait"
                  + " before it pauses the partition, so the limit does not bound memory; lower "
                  + key
                  + " to at most "
                  + limit
                  + " or raise EngineOptions.maxPendingBytesPerPartition"));
    }
  }

  private static void bulkBatch(EngineOptions options, List<Finding> findings) {
    boolean bulkPossible = options.withBulkMode() || options.bulkModeThreshold().isPresent();
    int limit = options.maxPendingRecordsPerPartition();
    int batch = options.bulkModeMaxRecords();
    if (bulkPossible && limit < batch) {
      findings.add(
          new Finding(
              Severity.WARNING,
              "maxPendingRecordsPerPartition",
              "maxPendingRecordsPerPartition="
                  + limit
                  + " is below bulkModeMaxRecords="
                  + batch
                  + ": in bulk mode the engine lets up to "
                  + batch
                  + " records of a partition wait, so that a batch can fill, and that bounds"
                  + " memory instead; raise EngineOptions.maxPendingRecordsPerPartition to at"
                  + " least "
                  + batch
                  + " or lower bulkModeMaxRecords"));
    }
  }
}
