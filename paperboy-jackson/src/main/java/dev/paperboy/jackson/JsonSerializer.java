package dev.paperboy.jackson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes objects as JSON with Jackson: for producers, and for a {@code DeadLetterPolicy} whose
 * records were read with a {@link JsonDeserializer}. {@code null} stays {@code null}. Thread-safe.
 */
public final class JsonSerializer<T> implements Serializer<T> {
  private final ObjectWriter writer;

  /** Writes with a default {@link ObjectMapper}. */
  public JsonSerializer() {
    this(new ObjectMapper());
  }

  /** Writes with your {@link ObjectMapper}. */
  public JsonSerializer(ObjectMapper mapper) {
    this.writer = mapper.writer();
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return writer.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new SerializationException(
          "cannot write " + data.getClass().getName() + " as JSON for topic " + topic, e);
    }
  }
}
