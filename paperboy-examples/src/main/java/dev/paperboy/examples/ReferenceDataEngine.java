package dev.paperboy.examples;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.table.Table;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reference data: orders checked against a table of users, restored before the first order. */
// tag::reference-data[]
public class ReferenceDataEngine extends PaperboyEngine<String, String> {
  private final Table<String, String> users = Table.view("users", Serdes.String(), Serdes.String());
  private final String bootstrapServers;

  public ReferenceDataEngine(String bootstrapServers, EngineOptions options) {
    super(options);
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  protected List<PaperboyHandler<String, String>> handlers() {
    return List.of(new OrderHandler(users));
  }

  /** Read in full (every partition) at each start, before any order; then kept up to date. */
  @Override
  protected List<Table<?, ?>> tables() {
    return List.of(users);
  }

  @Override
  protected Map<String, Object> configureConsumer() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG,
        "reference-data",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        StringDeserializer.class);
  }

  /** An order names its user in its value; every user produced before the order is known. */
  static class OrderHandler extends PaperboyHandler<String, String> {
    private final Table<String, String> users;

    OrderHandler(Table<String, String> users) {
      this.users = users;
    }

    @Override
    public String topic() {
      return "orders";
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      if (!users.containsKey(msg.value())) {
        throw new IllegalStateException("order " + msg.key() + " of unknown user " + msg.value());
      }
    }
  }
}
// end::reference-data[]
