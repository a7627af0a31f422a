package dev.paperboy.internal;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.PoisonPill;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes failed records and poison pills to dead-letter topics and waits for the broker's
 * acknowledgement, so the caller commits the original offset only once the copy is safe. Used by
 * handler threads concurrently (the producer is thread-safe).
 */
final class DeadLetterPublisher implements AutoCloseable {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Producer<byte[], byte[]> producer;
  private final Serializer<Object> keySerializer;
  private final Serializer<Object> valueSerializer;
  private final Map<Class<?>, Serializer<Object>> byType = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  DeadLetterPublisher(Producer<byte[], byte[]> producer, DeadLetterPolicy policy) {
    this.producer = producer;
    this.keySerializer = (Serializer<Object>) policy.keySerializer();
    this.valueSerializer = (Serializer<Object>) policy.valueSerializer();
  }

  /**
   * Writes {@code records} to {@code topic} and waits until all are acknowledged.
   *
   * @throws SerializationException if a key or value cannot be written back to bytes
   * @throws ExecutionException if the broker refused or the producer gave up
   */
  void publish(String topic, List<? extends ConsumerRecord<?, ?>> records, Exception error)
      throws ExecutionException, InterruptedException {
    List<Future<?>> acks = new ArrayList<>(records.size());
    for (ConsumerRecord<?, ?> record : records) {
      Headers headers = new RecordHeaders(record.headers().toArray());
      byte[] key = bytes(keySerializer, topic, headers, record.key(), "key");
      byte[] value = bytes(valueSerializer, topic, headers, record.value(), "value");
      addOrigin(headers, record.topic(), record.partition(), record.offset(), record.timestamp());
      addError(headers, error);
      acks.add(producer.send(new ProducerRecord<>(topic, null, key, value, headers)));
    }
    for (Future<?> ack : acks) {
      ack.get();
    }
  }

  /** Writes a poison pill's raw bytes to {@code topic} and waits for the acknowledgement. */
  void publish(String topic, PoisonPill pill) throws ExecutionException, InterruptedException {
    Headers headers = new RecordHeaders(pill.headers().toArray());
    addOrigin(headers, pill.topic(), pill.partition().partition(), pill.offset(), pill.timestamp());
    addError(headers, pill.cause());
    producer.send(new ProducerRecord<>(topic, null, pill.key(), pill.value(), headers)).get();
  }

  /** The dead-letter topics of the handlers of {@code routes}, for the cluster check. */
  static Set<String> topicsOf(Collection<? extends Route<?, ?>> routes) {
    Set<String> topics = new TreeSet<>();
    routes.forEach(r -> topics.add(r.handler().deadLetterTopic()));
    return topics;
  }

  /** Closes the producer; nothing is in flight any more, so this does not wait long. */
  @Override
  public void close() {
    close(CLOSE_TIMEOUT);
  }

  /** Closes the producer, waiting at most {@code timeout}. */
  void close(Duration timeout) {
    producer.close(timeout);
  }

  private byte[] bytes(
      Serializer<Object> configured, String topic, Headers headers, Object data, String what) {
    if (data == null) {
      return null;
    }
    if (configured != null) {
      return configured.serialize(topic, headers, data);
    }
    if (data instanceof byte[]) {
      return (byte[]) data;
    }
    return byType
        .computeIfAbsent(data.getClass(), type -> byType(type, what))
        .serialize(topic, headers, data);
  }

  @SuppressWarnings("unchecked")
  private static Serializer<Object> byType(Class<?> type, String what) {
    try {
      return (Serializer<Object>) Serdes.serdeFrom(type).serializer();
    } catch (IllegalArgumentException e) {
      throw new SerializationException(
          "cannot write a "
              + type.getName()
              + " "
              + what
              + " to the dead-letter topic: set DeadLetterPolicy."
              + what
              + "Serializer",
          e);
    }
  }

  private static void addOrigin(
      Headers headers, String topic, int partition, long offset, long timestamp) {
    add(headers, DeadLetterPolicy.HEADER_TOPIC, topic);
    add(headers, DeadLetterPolicy.HEADER_PARTITION, String.valueOf(partition));
    add(headers, DeadLetterPolicy.HEADER_OFFSET, String.valueOf(offset));
    add(headers, DeadLetterPolicy.HEADER_TIMESTAMP, String.valueOf(timestamp));
  }

  private static void addError(Headers headers, Exception error) {
    add(headers, DeadLetterPolicy.HEADER_EXCEPTION_CLASS, error.getClass().getName());
    add(
        headers,
        DeadLetterPolicy.HEADER_EXCEPTION_MESSAGE,
        Objects.toString(error.getMessage(), ""));
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String text = trace.toString();
    if (text.length() > DeadLetterPolicy.MAX_STACK_TRACE_CHARS) {
      text = text.substring(0, DeadLetterPolicy.MAX_STACK_TRACE_CHARS);
    }
    add(headers, DeadLetterPolicy.HEADER_EXCEPTION_STACKTRACE, text);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
