package dev.paperboy.benchmarks;

import dev.paperboy.EngineOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a benchmark run measures: the ceiling, the engine in one of its modes, or a peer library.
 */
enum Variant {
  /** A plain {@code KafkaConsumer} poll loop with {@code commitAsync} every 5 s: the ceiling. */
  RAW("KafkaConsumer poll loop, commitAsync every 5 s"),
  /** Paperboy in single mode that never switches: record by record on partition lanes. */
  SINGLE("Paperboy single mode (bulkModeThreshold null)"),
  /** Paperboy in bulk mode that never switches: batches on partition lanes. */
  BULK("Paperboy bulk mode (bulkModeThreshold null)"),
  /** Paperboy with its default, lag-adaptive options: bulk while lag is high, else single. */
  ADAPTIVE("Paperboy lag-adaptive (default options)"),
  /** Paperboy in single mode ordered by key, {@code bench.inFlight} records in handlers at once. */
  KEY("Paperboy single mode, Ordering.KEY, handlerThreads = bench.inFlight"),
  /** {@link #KEY} on virtual threads, {@code bench.vtInFlight} records in handlers at once. */
  KEY_VT("Paperboy single mode, Ordering.KEY, virtual threads, handlerThreads = bench.vtInFlight"),
  /** Spring Kafka: a record listener, one container consumer per partition. */
  SPRING_RECORD("Spring Kafka record listener, AckMode.TIME 5 s"),
  /** Spring Kafka: a batch listener, one container consumer per partition. */
  SPRING_BATCH("Spring Kafka batch listener, AckMode.BATCH"),
  /** Confluent Parallel Consumer ordered by key, {@code bench.inFlight} records at once. */
  PC_KEY("Confluent Parallel Consumer, ProcessingOrder.KEY, maxConcurrency = bench.inFlight");

  private final String description;

  Variant(String description) {
    this.description = description;
  }

  /** The variant's name on the command line and in tables: {@code raw}, {@code spring-batch}... */
  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  String description() {
    return description;
  }

  /** Whether the run's JVM must be Java 21 or newer (virtual threads). */
  boolean needsJava21() {
    return this == KEY_VT;
  }

  /**
   * How many records this variant can have in handling at once on {@code workload}: the divisor of
   * the ideal throughput under simulated I/O. One for the raw loop; a lane per partition for the
   * partition-ordered engine (at most its default handler threads) and Spring Kafka (a consumer per
   * partition); the in-flight limit for key order, but at most one record per key, and for the
   * Parallel Consumer one per partition without keys (it treats a missing key as one key per
   * partition; Paperboy's {@code Ordering.KEY} runs records without a key unordered).
   */
  int concurrency(Workload workload) {
    int partitions = workload.partitions();
    int keys = workload.keys();
    return switch (this) {
      case RAW -> 1;
      case SINGLE, BULK, ADAPTIVE -> Math.min(partitions, EngineOptions.DEFAULT_HANDLER_THREADS);
      case SPRING_RECORD, SPRING_BATCH -> partitions;
      case KEY -> keys == 0 ? workload.inFlight() : Math.min(workload.inFlight(), keys);
      case KEY_VT -> keys == 0 ? workload.vtInFlight() : Math.min(workload.vtInFlight(), keys);
      case PC_KEY -> keys == 0 ? partitions : Math.min(workload.inFlight(), keys);
    };
  }

  /** The variant named {@code id} (case-insensitive). */
  static Variant of(String id) {
    for (Variant variant : values()) {
      if (variant.id().equalsIgnoreCase(id.trim())) {
        return variant;
      }
    }
    throw new IllegalArgumentException("unknown variant " + id + ": use one of " + ids());
  }

  /** Every variant's id, comma-separated, in declaration order. */
  static String ids() {
    return Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(","));
  }

  /**
   * The order of {@code variants} in round {@code round} (counted from 1): rotated by one place
   * each round, so no variant always runs first, right after the load, or last.
   */
  static List<Variant> order(List<Variant> variants, int round) {
    List<Variant> rotated = new ArrayList<>(variants);
    Collections.rotate(rotated, -(round - 1));
    return rotated;
  }
}
