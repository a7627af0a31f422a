package dev.paperboy.jackson;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads JSON record keys or values into a class with Jackson. Give it to a {@code TypedHandler}:
 *
 * <pre>{@code
 * TypedHandler.of(new UserHandler(), new StringDeserializer(), JsonDeserializer.of(User.class))
 * }</pre>
 *
 * <p>Bytes that are not JSON of the expected shape raise a {@link SerializationException} naming
 * the topic and the target type; a typed handler turns it into an error of that record only. A
 * {@code null} payload (a tombstone) stays {@code null}. Thread-safe.
 */
public final class JsonDeserializer<T> implements Deserializer<T> {
  private final ObjectReader reader;
  private final String typeName;

  private JsonDeserializer(ObjectMapper mapper, JavaType type) {
    this.reader = mapper.readerFor(type);
    this.typeName = type.toString();
  }

  /** Reads {@code type} with a default {@link ObjectMapper}. */
  public static <T> JsonDeserializer<T> of(Class<T> type) {
    return of(new ObjectMapper(), type);
  }

  /** Reads {@code type} with your {@link ObjectMapper} (modules, naming, unknown properties...). */
  public static <T> JsonDeserializer<T> of(ObjectMapper mapper, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return new JsonDeserializer<>(mapper, mapper.constructType(type));
  }

  /** Reads a generic type, for example {@code new TypeReference<List<Order>>() {}}. */
  public static <T> JsonDeserializer<T> of(ObjectMapper mapper, TypeReference<T> type) {
    Objects.requireNonNull(type, "type");
    return new JsonDeserializer<>(mapper, mapper.getTypeFactory().constructType(type));
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return reader.readValue(data);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot read JSON of topic " + topic + " as " + typeName + ": " + e.getMessage(), e);
    }
  }
}
