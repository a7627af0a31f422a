package dev.paperboy.health;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles a topic, but holds on to the record whose value is {@value #GATE} until the test opens
 * the gate: a handler stuck on a slow downstream call.
 */
final class GatedHandler extends PaperboyHandler<String, String> {
  static final String GATE = "gate";

  private final String topic;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);
  private final AtomicInteger handled = new AtomicInteger();

  GatedHandler(String topic) {
    this.topic = topic;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) throws Exception {
    if (GATE.equals(msg.value())) {
      entered.countDown();
      if (!open.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    }
    handled.incrementAndGet();
  }

  boolean waitsAtTheGate() {
    return entered.getCount() == 0 && open.getCount() == 1;
  }

  void open() {
    open.countDown();
  }

  int handled() {
    return handled.get();
  }
}
