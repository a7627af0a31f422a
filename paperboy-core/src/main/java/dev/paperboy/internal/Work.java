package dev.paperboy.internal;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A unit of work for a partition lane: records of one partition in offset order, handled one by one
 * (single mode) or as one batch (bulk mode).
 */
final class Work<K, V> {
  enum Kind {
    /** Each record is handled on its own, with its own context. */
    RECORDS,
    /** The records are handled as one batch, acknowledged together. */
    BATCH
  }

  private final Kind kind;
  private final List<ConsumerRecord<K, V>> records;

  private Work(Kind kind, List<ConsumerRecord<K, V>> records) {
    this.kind = kind;
    this.records = records;
  }

  static <K, V> Work<K, V> records(List<ConsumerRecord<K, V>> records) {
    return new Work<>(Kind.RECORDS, records);
  }

  static <K, V> Work<K, V> batch(List<ConsumerRecord<K, V>> records) {
    return new Work<>(Kind.BATCH, records);
  }

  Kind kind() {
    return kind;
  }

  List<ConsumerRecord<K, V>> records() {
    return records;
  }

  int size() {
    return records.size();
  }
}
