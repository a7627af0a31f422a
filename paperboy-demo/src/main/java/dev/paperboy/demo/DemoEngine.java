package dev.paperboy.demo;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.Sender;
import dev.paperboy.table.Table;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's engine: the orders handler on String keys and values, reading its topic from the
 * beginning, with the users table and the totals state table restored before it starts, and a
 * sender for its events. This is all a service writes besides its handlers.
 */
final class DemoEngine extends PaperboyEngine<String, String> {
  /**
   * The producer's {@code linger.ms}. In single mode a record counts as handled only once its sends
   * are acknowledged, so the producer's default of 5 ms would be waited for by every live record;
   * in bulk mode a batch's sends fill the producer's batches without lingering.
   */
  static final int PRODUCER_LINGER_MS = 0;

  private final String bootstrapServers;
  private final String group;
  private final List<PaperboyHandler<String, String>> handlers;
  private final List<Table<?, ?>> tables;
  private final Sender sender;

  DemoEngine(
      String bootstrapServers,
      String group,
      EngineOptions options,
      List<PaperboyHandler<String, String>> handlers,
      List<Table<?, ?>> tables,
      Sender sender) {
    super(options);
    this.bootstrapServers = bootstrapServers;
    this.group = group;
    this.handlers = List.copyOf(handlers);
    this.tables = List.copyOf(tables);
    this.sender = sender;
  }

  @Override
  protected List<PaperboyHandler<String, String>> handlers() {
    return handlers;
  }

  /** Read in full at each start, before the first order; then kept up to date. */
  @Override
  protected List<Table<?, ?>> tables() {
    return tables;
  }

  @Override
  protected Sender sender() {
    return sender;
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

  @Override
  protected Map<String, Object> configureProducer() {
    return Map.of(ProducerConfig.LINGER_MS_CONFIG, PRODUCER_LINGER_MS);
  }
}
