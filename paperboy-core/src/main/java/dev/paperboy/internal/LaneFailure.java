package dev.paperboy.internal;

import org.apache.kafka.common.TopicPartition;

/** An error that stops the engine: where it happened and what was thrown. */
final class LaneFailure {
  private final TopicPartition partition;
  private final long offset;
  private final Throwable cause;
  private final String what;

  private LaneFailure(TopicPartition partition, long offset, Throwable cause, String what) {
    this.partition = partition;
    this.offset = offset;
    this.cause = cause;
    this.what = what;
  }

  /** A handler (or dead-letter write) failed on the record or batch starting at {@code offset}. */
  static LaneFailure handling(TopicPartition partition, long offset, Throwable cause) {
    return new LaneFailure(partition, offset, cause, "handling failed");
  }

  /** The consumer could not deserialize the record at {@code offset}. */
  static LaneFailure poisonPill(TopicPartition partition, long offset, Throwable cause) {
    return new LaneFailure(partition, offset, cause, "record cannot be deserialized");
  }

  TopicPartition partition() {
    return partition;
  }

  /** The offset of the failed record, or of the first record of the failed batch. */
  long offset() {
    return offset;
  }

  Throwable cause() {
    return cause;
  }

  String describe() {
    return what
        + " on topic "
        + partition.topic()
        + " partition "
        + partition.partition()
        + " at offset "
        + offset
        + ": "
        + cause;
  }
}
