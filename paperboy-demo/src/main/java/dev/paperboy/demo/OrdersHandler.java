package dev.paperboy.demo;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks every order against the {@link UserTable}: accepted for a known user, rejected for a
 * deleted one, and left waiting for a user the table has not seen yet (see {@link UserTable} for
 * why that happens and how it is settled).
 */
final class OrdersHandler extends PaperboyHandler<String, String> {
  private final String topic;
  private final UserTable users;
  private final HandledTally tally = new HandledTally();

  OrdersHandler(String topic, UserTable users) {
    this.topic = topic;
    this.users = users;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    users.placeOrder(msg.key(), amountCents(msg.value()));
    tally.record(msg);
  }

  @Override
  public void onTombstone(ConsumerRecord<String, String> msg, Context ctx) {
    tally.record(msg);
  }

  HandledTally tally() {
    return tally;
  }

  /** The {@code amountCents} field of an order, or 0 when it has none. */
  static long amountCents(String order) {
    String field = "\"amountCents\":";
    int start = order.indexOf(field);
    if (start < 0) {
      return 0;
    }
    int from = start + field.length();
    int end = from;
    while (end < order.length() && Character.isDigit(order.charAt(end))) {
      end++;
    }
    return end == from ? 0 : Long.parseLong(order.substring(from, end));
  }
}
