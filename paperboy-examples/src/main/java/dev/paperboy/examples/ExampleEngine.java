package dev.paperboy.examples;

// tag::quickstart-engine[]
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A consumer engine: its handlers and its consumer's configuration. */
public class ExampleEngine extends PaperboyEngine<String, String> {
  @Override
  protected List<PaperboyHandler<String, String>> handlers() {
    return List.of(new ExampleTopicHandler());
  }

  @Override
  protected Map<String, Object> configureConsumer() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
        ConsumerConfig.GROUP_ID_CONFIG, "example-group",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
  }

  public static void main(String[] args) {
    new ExampleEngine().start(); // runs until SIGTERM / Ctrl-C, then commits and closes
  }
}
// end::quickstart-engine[]
