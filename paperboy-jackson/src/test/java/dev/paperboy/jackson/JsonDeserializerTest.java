package dev.paperboy.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonDeserializerTest {
  public record User(String id, String name) {}

  @Test
  void readsJsonIntoTheClass() {
    User user =
        JsonDeserializer.of(User.class)
            .deserialize("users", bytes("{\"id\":\"u1\",\"name\":\"Ada\"}"));

    assertThat(user).isEqualTo(new User("u1", "Ada"));
  }

  @Test
  void readsGenericTypes() {
    List<User> users =
        JsonDeserializer.of(new ObjectMapper(), new TypeReference<List<User>>() {})
            .deserialize("users", bytes("[{\"id\":\"u1\",\"name\":\"Ada\"}]"));

    assertThat(users).containsExactly(new User("u1", "Ada"));
  }

  @Test
  void ignoresPropertiesTheClassDoesNotHaveByDefault() {
    User user =
        JsonDeserializer.of(User.class)
            .deserialize("users", bytes("{\"id\":\"u1\",\"name\":\"Ada\",\"email\":\"a@x\"}"));

    assertThat(user).isEqualTo(new User("u1", "Ada"));
  }

  @Test
  void strictDeserializerRejectsUnknownProperties() {
    JsonDeserializer<User> strict = JsonDeserializer.of(User.class).failOnUnknownProperties();

    assertThatThrownBy(
            () -> strict.deserialize("users", bytes("{\"id\":\"u1\",\"email\":\"a@x\"}")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot read JSON of topic users as")
        .hasMessageContaining("email");
  }

  @Test
  void failOnUnknownPropertiesLeavesTheTolerantDeserializerTolerant() {
    JsonDeserializer<User> tolerant = JsonDeserializer.of(User.class);

    tolerant.failOnUnknownProperties();

    assertThat(tolerant.deserialize("users", bytes("{\"id\":\"u1\",\"email\":\"a@x\"}")))
        .isEqualTo(new User("u1", null));
  }

  @Test
  void givenMapperIsUsedAsConfigured() {
    ObjectMapper strictMapper = new ObjectMapper();
    ObjectMapper tolerantMapper =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    byte[] json = bytes("[{\"id\":\"u1\",\"email\":\"a@x\"}]");

    List<User> read =
        JsonDeserializer.of(tolerantMapper, new TypeReference<List<User>>() {})
            .deserialize("users", json);

    assertThat(read).containsExactly(new User("u1", null));
    assertThatThrownBy(
            () ->
                JsonDeserializer.of(strictMapper, new TypeReference<List<User>>() {})
                    .deserialize("users", json))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(
            () ->
                JsonDeserializer.of(strictMapper, User.class)
                    .deserialize("users", bytes("{\"id\":\"u1\",\"email\":\"a@x\"}")))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void tombstoneStaysNull() {
    assertThat(JsonDeserializer.of(User.class).deserialize("users", null)).isNull();
  }

  @Test
  void unreadableBytesNameTheTopicAndType() {
    assertThatThrownBy(
            () -> JsonDeserializer.of(User.class).deserialize("users", bytes("not json")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot read JSON of topic users as")
        .hasMessageContaining("User");
  }

  @Test
  void serializerWritesWhatTheDeserializerReads() {
    byte[] json = new JsonSerializer<User>().serialize("users", new User("u2", "Grace"));

    assertThat(JsonDeserializer.of(User.class).deserialize("users", json))
        .isEqualTo(new User("u2", "Grace"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
