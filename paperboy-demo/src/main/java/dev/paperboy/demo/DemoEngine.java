package dev.paperboy.demo;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's engine: the users and orders handlers on String keys and values, reading the topics
 * from the beginning. This is all a service writes besides its handlers.
 */
final class DemoEngine extends PaperboyEngine<String, String> {
  private final String bootstrapServers;
  private final String group;
  private final List<PaperboyHandler<String, String>> handlers;

  DemoEngine(
      String bootstrapServers,
      String group,
      EngineOptions options,
      List<PaperboyHandler<String, String>> handlers) {
    super(options);
    this.bootstrapServers = bootstrapServers;
    this.group = group;
    this.handlers = List.copyOf(handlers);
  }

  @Override
  protected List<PaperboyHandler<String, String>> handlers() {
    return handlers;
  }

  @Override
  protected Map<String, Object> configureConsumer() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG,
        group,
        ConsumerConfig.CLIENT_ID_CONFIG,
        "paperboy-demo",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        StringDeserializer.class);
  }
}
