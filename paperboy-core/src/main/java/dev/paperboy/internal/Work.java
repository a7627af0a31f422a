package dev.paperboy.internal;

import dev.paperboy.PoisonPill;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A unit of work for a partition lane: records of one partition in offset order, handled one by one
 * (single mode) or as one batch (bulk mode), or a poison pill to dead-letter or skip in its place
 * in the partition's order.
 */
final class Work<K, V> {
  enum Kind {
    /** Each record is handled on its own, with its own context. */
    RECORDS,
    /** The records are handled as one batch, acknowledged together. */
    BATCH,
    /** A record the consumer could not deserialize. */
    POISON_PILL
  }

  private final Kind kind;
  private final List<ConsumerRecord<K, V>> records;
  private final PoisonPill pill;
  private final long bytes;

  private Work(Kind kind, List<ConsumerRecord<K, V>> records, PoisonPill pill) {
    this.kind = kind;
    this.records = records;
    this.pill = pill;
    this.bytes = pill != null ? 0 : bytes(records);
  }

  static <K, V> Work<K, V> records(List<ConsumerRecord<K, V>> records) {
    return new Work<>(Kind.RECORDS, records, null);
  }

  static <K, V> Work<K, V> batch(List<ConsumerRecord<K, V>> records) {
    return new Work<>(Kind.BATCH, records, null);
  }

  static <K, V> Work<K, V> poisonPill(PoisonPill pill) {
    return new Work<>(Kind.POISON_PILL, List.of(), pill);
  }

  Kind kind() {
    return kind;
  }

  List<ConsumerRecord<K, V>> records() {
    return records;
  }

  PoisonPill pill() {
    return pill;
  }

  /** Records this work stands for, in the lane's pending count. */
  int size() {
    return pill != null ? 1 : records.size();
  }

  /** Serialized bytes of the records' keys and values, for the lane's memory bound. */
  long bytes() {
    return bytes;
  }

  private static long bytes(List<? extends ConsumerRecord<?, ?>> records) {
    long bytes = 0;
    for (ConsumerRecord<?, ?> record : records) {
      bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    }
    return bytes;
  }

  /** The offset of the first record. */
  long firstOffset() {
    return pill != null ? pill.offset() : records.get(0).offset();
  }

  /** The offset after the last record. */
  long nextOffset() {
    return pill != null ? pill.offset() + 1 : records.get(records.size() - 1).offset() + 1;
  }
}
