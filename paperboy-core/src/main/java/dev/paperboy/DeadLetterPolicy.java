package dev.paperboy;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends records that still fail after their retries, and poison pills, to a dead-letter topic
 * instead of stopping the engine or dropping them. The topic is {@link
 * PaperboyHandler#deadLetterTopic()}: {@code <topic>.DLT} unless the handler says otherwise.
 *
 * <p>A dead-letter record keeps the original key, value and headers and adds the headers named
 * here: original topic, partition, offset and timestamp, and the exception's class, message and
 * (truncated) stack trace, all as UTF-8 strings. The failed record's offset is committed only once
 * the broker acknowledged the dead-letter write; if the write fails, the offset is not committed,
 * and the engine stops ({@code failOnException(true)}) or retries the write until it succeeds.
 *
 * <p>Keys and values: a poison pill is written with its raw bytes. A record that was deserialized
 * is written back with the serializers given here, or by default with Kafka's own serializer for
 * its type ({@code byte[]}, {@code String}, {@code ByteBuffer}, {@code Bytes}, numbers, {@code
 * UUID}), which reproduces the original bytes for Kafka's standard deserializers.
 *
 * <p>The producer gets {@code bootstrap.servers}, {@code client.dns.lookup} and every {@code
 * security.*}, {@code sasl.*} and {@code ssl.*} setting of the consumer's configuration, the
 * consumer's {@code client.id} with {@code -dlt} appended, {@code acks=all}, then {@link
 * Builder#producerConfig}, which may override any of them.
 */
public final class DeadLetterPolicy {
  /** Header: the topic the record came from. */
  public static final String HEADER_TOPIC = "paperboy.dlt.original.topic";

  /** Header: the partition the record came from. */
  public static final String HEADER_PARTITION = "paperboy.dlt.original.partition";

  /** Header: the record's offset. */
  public static final String HEADER_OFFSET = "paperboy.dlt.original.offset";

  /** Header: the record's timestamp, milliseconds since the epoch. */
  public static final String HEADER_TIMESTAMP = "paperboy.dlt.original.timestamp";

  /** Header: the class of the exception that failed the record. */
  public static final String HEADER_EXCEPTION_CLASS = "paperboy.dlt.exception.class";

  /** Header: the exception's message. */
  public static final String HEADER_EXCEPTION_MESSAGE = "paperboy.dlt.exception.message";

  /** Header: the exception's stack trace, truncated to {@link #MAX_STACK_TRACE_CHARS}. */
  public static final String HEADER_EXCEPTION_STACKTRACE = "paperboy.dlt.exception.stacktrace";

  /** The longest stack trace kept in a header. */
  public static final int MAX_STACK_TRACE_CHARS = 4_000;

  private final Map<String, Object> producerConfig;
  private final Serializer<?> keySerializer;
  private final Serializer<?> valueSerializer;

  private DeadLetterPolicy(Builder b) {
    this.producerConfig = Map.copyOf(b.producerConfig);
    this.keySerializer = b.keySerializer;
    this.valueSerializer = b.valueSerializer;
  }

  /** Dead-letter with the defaults. */
  public static DeadLetterPolicy defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Producer settings added to those taken from the consumer's configuration. */
  public Map<String, Object> producerConfig() {
    return producerConfig;
  }

  /** The serializer for keys of deserialized records, or null for the default by type. */
  public Serializer<?> keySerializer() {
    return keySerializer;
  }

  /** The serializer for values of deserialized records, or null for the default by type. */
  public Serializer<?> valueSerializer() {
    return valueSerializer;
  }

  /**
   * Equal when the producer settings are equal and the serializers are the same (or equal) objects.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof DeadLetterPolicy other
        && producerConfig.equals(other.producerConfig)
        && Objects.equals(keySerializer, other.keySerializer)
        && Objects.equals(valueSerializer, other.valueSerializer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(producerConfig, keySerializer, valueSerializer);
  }

  /** Builds a {@link DeadLetterPolicy}. */
  public static final class Builder {
    private final Map<String, Object> producerConfig = new HashMap<>();
    private Serializer<?> keySerializer;
    private Serializer<?> valueSerializer;

    private Builder() {}

    /** A producer setting ({@code ProducerConfig} key), for example {@code acks} or a client id. */
    public Builder producerConfig(String key, Object value) {
      producerConfig.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Producer settings; see {@link #producerConfig(String, Object)}. */
    public Builder producerConfig(Map<String, ?> config) {
      producerConfig.putAll(Objects.requireNonNull(config, "config"));
      return this;
    }

    /** Writes keys of deserialized records back with this serializer. */
    public Builder keySerializer(Serializer<?> keySerializer) {
      this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
      return this;
    }

    /** Writes values of deserialized records back with this serializer. */
    public Builder valueSerializer(Serializer<?> valueSerializer) {
      this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
      return this;
    }

    /** The policy. */
    public DeadLetterPolicy build() {
      return new DeadLetterPolicy(this);
    }
  }
}
