package dev.paperboy.benchmarks;

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
  /** Spring Kafka: a record listener, one container consumer per partition. */
  SPRING_RECORD("Spring Kafka record listener, AckMode.TIME 5 s"),
  /** Spring Kafka: a batch listener, one container consumer per partition. */
  SPRING_BATCH("Spring Kafka batch listener, AckMode.BATCH"),
  /** Confluent Parallel Consumer ordered by key, as many threads as partitions. */
  PC_KEY("Confluent Parallel Consumer, ProcessingOrder.KEY");

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
