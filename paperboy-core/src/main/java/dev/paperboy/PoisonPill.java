package dev.paperboy;

import java.util.Arrays;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * A record the consumer's deserializer could not read, as the broker stored it: where it is, its
 * raw key and value bytes and headers, and why it could not be read. The engine reports it to
 * {@link PaperboyListener#onPoisonPill}, then skips it (committing past it), dead-letters it, or
 * stops, so a poison pill never wedges a partition. Made by {@link #of}; its key and value bytes
 * are copied in and out.
 */
public final class PoisonPill {
  private final TopicPartition partition;
  private final long offset;
  private final long timestamp;
  private final byte[] key;
  private final byte[] value;
  private final Headers headers;
  private final Exception cause;

  private PoisonPill(
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

  /**
   * A poison pill: the record at {@code offset} of {@code partition}, which could not be read
   * because of {@code cause}. The engine makes these from the consumer's deserialization error;
   * tests and test kits make them to stand in for one. {@code key} and {@code value} are the raw
   * bytes, or {@code null} where the record had none, and are copied.
   *
   * @throws IllegalArgumentException if {@code partition}, {@code headers} or {@code cause} is
   *     null, or {@code offset} is negative
   */
  public static PoisonPill of(
      TopicPartition partition,
      long offset,
      long timestamp,
      byte[] key,
      byte[] value,
      Headers headers,
      Exception cause) {
    if (partition == null) {
      throw new IllegalArgumentException("partition must not be null");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0: " + offset);
    }
    if (headers == null) {
      throw new IllegalArgumentException("headers must not be null: use new RecordHeaders()");
    }
    if (cause == null) {
      throw new IllegalArgumentException("cause must not be null");
    }
    return new PoisonPill(partition, offset, timestamp, copy(key), copy(value), headers, cause);
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
    return copy(key);
  }

  /** The raw value bytes, or null; a copy. */
  public byte[] value() {
    return copy(value);
  }

  /** The record's headers. */
  public Headers headers() {
    return headers;
  }

  /** What the deserializer threw. */
  public Exception cause() {
    return cause;
  }

  private static byte[] copy(byte[] bytes) {
    return bytes == null ? null : Arrays.copyOf(bytes, bytes.length);
  }

  @Override
  public String toString() {
    return "PoisonPill{" + partition + "@" + offset + ": " + cause + "}";
  }
}
