package dev.paperboy.it;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** A string deserializer that cannot read values starting with {@code "POISON"}. */
public class PoisonAwareDeserializer implements Deserializer<String> {
  @Override
  public String deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    String text = new String(data, StandardCharsets.UTF_8);
    if (text.startsWith("POISON")) {
      throw new SerializationException("cannot read " + text);
    }
    return text;
  }
}
