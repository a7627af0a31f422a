package dev.paperboy.internal;

import org.apache.kafka.common.TopicPartition;

/** A handling error that stops the engine: where it happened and what was thrown. */
final class LaneFailure {
  private final TopicPartition partition;
  private final long offset;
  private final Throwable cause;

  LaneFailure(TopicPartition partition, long offset, Throwable cause) {
    this.partition = partition;
    this.offset = offset;
    this.cause = cause;
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
    return "handling failed on topic "
        + partition.topic()
        + " partition "
        + partition.partition()
        + " at offset "
        + offset
        + ": "
        + cause;
  }
}
