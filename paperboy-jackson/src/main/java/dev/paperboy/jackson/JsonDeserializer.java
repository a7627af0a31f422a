package dev.paperboy.jackson;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
 * <p>{@link #of(Class)} is a tolerant reader: JSON properties the class does not have are ignored,
 * so a producer that adds a field does not turn every record into an error (and, with a dead-letter
 * policy, into a dead letter). {@link #failOnUnknownProperties()} makes it strict. A deserializer
 * made with your own {@link ObjectMapper} reads exactly as that mapper is configured.
 *
 * <p>Bytes that are not JSON of the expected shape raise a {@link SerializationException} naming
 * the topic and the target type; a typed handler turns it into an error of that record only. A
 * {@code null} payload (a tombstone) stays {@code null}. Immutable and thread-safe.
 */
public final class JsonDeserializer<T> implements Deserializer<T> {
  /** The default mapper: Jackson's defaults, except that unknown properties are ignored. */
  private static final ObjectMapper TOLERANT =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final ObjectReader reader;
  private final String typeName;

  private JsonDeserializer(ObjectReader reader, String typeName) {
    this.reader = reader;
    this.typeName = typeName;
  }

  private static <T> JsonDeserializer<T> reading(ObjectMapper mapper, JavaType type) {
    return new JsonDeserializer<>(mapper.readerFor(type), type.toString());
  }

  /**
   * Reads {@code type} with Jackson's default settings, except that JSON properties {@code type}
   * does not have are ignored.
   */
  public static <T> JsonDeserializer<T> of(Class<T> type) {
    return of(TOLERANT, type);
  }

  /**
   * Reads {@code type} with your {@link ObjectMapper}, as it is configured (modules, naming,
   * unknown properties...).
   */
  public static <T> JsonDeserializer<T> of(ObjectMapper mapper, Class<T> type) {
    Objects.requireNonNull(mapper, "mapper");
    Objects.requireNonNull(type, "type");
    return reading(mapper, mapper.constructType(type));
  }

  /**
   * Reads a generic type, for example {@code new TypeReference<List<Order>>() {}}, with your {@link
   * ObjectMapper} as it is configured.
   */
  public static <T> JsonDeserializer<T> of(ObjectMapper mapper, TypeReference<T> type) {
    Objects.requireNonNull(mapper, "mapper");
    Objects.requireNonNull(type, "type");
    return reading(mapper, mapper.getTypeFactory().constructType(type));
  }

  /**
   * A deserializer like this one that rejects JSON with properties the target type does not have:
   * such a record raises a {@link SerializationException} (an error of that record). This one is
   * unchanged.
   */
  public JsonDeserializer<T> failOnUnknownProperties() {
    return new JsonDeserializer<>(
        reader.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), typeName);
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
