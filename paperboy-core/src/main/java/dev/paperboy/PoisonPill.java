package dev.paperboy;

import java.util.Arrays;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * A record the consumer's deserializer could not read, as the broker stored it: where it is, its
 * raw key and value bytes and headers, and why it could not be read. The engine reports it to
 * {@link PaperboyListener#onPoisonPill}, then skips it (committing past it), dead-letters it, or
 * stops, so a poison pill never wedges a partition.
 */
public final class PoisonPill {
  private final TopicPartition partition;
  private final long offset;
  private final long timestamp;
  private final byte[] key;
  private final byte[] value;
  private final Headers headers;
  private final Exception cause;

  /** A poison pill; the engine makes these from the consumer's deserialization error. */
  public PoisonPill(
      TopicPartition partition,
      long offset,
      long timestamp,
      byte[] key,
      byte[] value,
      Headers headers,
      Exception cause) {
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
    this.headers = headers;
    this.cause = cause;
  }

  /** The topic. */
  public String topic() {
    return partition.topic();
  }

  /** The topic and partition. */
  public TopicPartition partition() {
    return partition;
  }

  /** The offset. */
  public long offset() {
    return offset;
  }

  /** The record's timestamp, in milliseconds since the epoch. */
  public long timestamp() {
    return timestamp;
  }

  /** The raw key bytes, or null; a copy. */
  public byte[] key() {
    return key == null ? null : Arrays.copyOf(key, key.length);
  }

  /** The raw value bytes, or null; a copy. */
  public byte[] value() {
    return value == null ? null : Arrays.copyOf(value, value.length);
  }

  /** The record's headers. */
  public Headers headers() {
    return headers;
  }

  /** What the deserializer threw. */
  public Exception cause() {
    return cause;
  }

  @Override
  public String toString() {
    return "PoisonPill{" + partition + "@" + offset + ": " + cause + "}";
  }
}
