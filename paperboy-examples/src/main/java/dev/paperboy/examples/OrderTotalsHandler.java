package dev.paperboy.examples;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Sums order amounts per customer; an amount that is not a number is an error. */
// tag::totals-handler[]
public class OrderTotalsHandler extends PaperboyHandler<String, String> {
  private final Map<String, Long> totals = new ConcurrentHashMap<>();

  @Override
  public String topic() {
    return "orders";
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    long amount = Long.parseLong(msg.value()); // throws on "twelve"
    totals.merge(msg.key(), amount, Long::sum);
  }

  public Map<String, Long> totals() {
    return totals;
  }
}
// end::totals-handler[]
