package dev.paperboy.demo;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.TypedSender;
import dev.paperboy.table.StateTable;
import dev.paperboy.table.Table;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks every order against the users table and books the accepted ones. An order of a user the
 * table holds is accepted: its amount is added to the user's total in the totals state table and an
 * order-accepted event goes to the events topic. An order of a user the table does not hold (one
 * deleted, or not signed up) is rejected: counted, nothing written.
 *
 * <p>The engine restores the users table before it hands over the first order, so the backlog's
 * orders meet every user of the backlog, in the state the backlog left them: an order placed before
 * its user was deleted is rejected. Live orders meet the users the table followed so far, which
 * are, within moments, the users produced before them.
 *
 * <p>The total's write and the event's send are part of the order's handling: the engine commits
 * the order's offset only once the broker acknowledged both. The total is read, added to and
 * written back without a lock, because the table's key is the record's key (the user): the orders
 * of one user share a partition, and the engine hands a partition's records over one at a time (the
 * default ordering; under {@code Ordering.KEY} too, one key's records stay in order). Booking is
 * at-least-once: an order handled again after a retry or a crash after the total was written is
 * booked again, its amount added and its event sent a second time. The demo accepts that to stay
 * short; an exact total keeps with it the offset of the last order added, or stores one entry per
 * order (README, "Tables and producing").
 */
final class OrdersHandler extends PaperboyHandler<String, String> {
  private final Topics topics;
  private final Table<String, String> users;
  private final StateTable<String, Long> totals;
  private final TypedSender<String, String> events;
  private final HandledTally tally = new HandledTally();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder acceptedCents = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder eventsSent = new LongAdder();

  OrdersHandler(
      Topics topics,
      Table<String, String> users,
      StateTable<String, Long> totals,
      TypedSender<String, String> events) {
    this.topics = topics;
    this.users = users;
    this.totals = totals;
    this.events = events;
  }

  @Override
  public String topic() {
    return topics.orders();
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    String user = msg.key();
    long cents = amountCents(msg.value());
    if (user != null && users.containsKey(user)) {
      long total = cents + Objects.requireNonNullElse(totals.get(user), 0L);
      totals.put(user, total);
      events
          .send(topics.ordersAccepted(), user, acceptedEvent(msg.value(), user, cents, total))
          .thenRun(eventsSent::increment);
      accepted.increment();
      acceptedCents.add(cents);
    } else {
      rejected.increment();
    }
    tally.record(msg);
  }

  @Override
  public void onTombstone(ConsumerRecord<String, String> msg, Context ctx) {
    tally.record(msg);
  }

  HandledTally tally() {
    return tally;
  }

  /** How the orders checked out so far, and the events the broker acknowledged. */
  Summary.OrderChecks checks() {
    return new Summary.OrderChecks(
        accepted.sum(), rejected.sum(), acceptedCents.sum(), eventsSent.sum());
  }

  /** The event of an accepted order: which order, whose, its amount and the user's new total. */
  static String acceptedEvent(String order, String user, long cents, long userTotalCents) {
    return String.format(
        Locale.ROOT,
        "{\"event\":\"order-accepted\",\"order\":\"%s\",\"user\":\"%s\",\"amountCents\":%d,"
            + "\"userTotalCents\":%d}",
        stringField(order, "order"),
        user,
        cents,
        userTotalCents);
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

  /** The string field {@code name} of a flat JSON document, or "" when it has none. */
  static String stringField(String json, String name) {
    String field = "\"" + name + "\":\"";
    int start = json.indexOf(field);
    if (start < 0) {
      return "";
    }
    int from = start + field.length();
    int end = json.indexOf('"', from);
    return end < 0 ? "" : json.substring(from, end);
  }
}
