package dev.paperboy.examples;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Step mode: load the users, then process the orders that refer to them. */
// tag::steps[]
public class ReferenceDataEngine extends PaperboyEngine<String, String> {
  private final UserTableHandler users = new UserTableHandler();
  private final PaperboyHandler<String, String> orders = new OrderHandler(users);
  private final String bootstrapServers;

  public ReferenceDataEngine(String bootstrapServers, EngineOptions options) {
    super(options);
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  protected List<PaperboyHandler<String, String>> handlers() {
    return List.of(users, orders);
  }

  /** Step 1 catches up on users; then step 2 on orders; then both run as usual. */
  @Override
  protected List<List<? extends PaperboyHandler<String, String>>> steps() {
    return List.of(List.of(users), List.of(orders));
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

  /** An order names its user in its value; by step 2 every user is known. */
  static class OrderHandler extends PaperboyHandler<String, String> {
    private final UserTableHandler users;

    OrderHandler(UserTableHandler users) {
      this.users = users;
    }

    @Override
    public String topic() {
      return "orders";
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      if (!users.users().containsKey(msg.value())) {
        throw new IllegalStateException("order " + msg.key() + " of unknown user " + msg.value());
      }
    }
  }
}
// end::steps[]
