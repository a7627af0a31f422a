package dev.paperboy.examples;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A handler that overrides every hook, to show when each one runs. */
// tag::all-hooks[]
public class AllHooksHandler extends PaperboyHandler<String, String> {
  private static final Logger log = LoggerFactory.getLogger(AllHooksHandler.class);

  @Override
  public String topic() {
    return "payments";
  }

  /** 1. A fresh context per record (per batch in bulk mode). */
  @Override
  public Context defineContext() {
    Context ctx = new Context();
    ctx.put("startNanos", System.nanoTime());
    return ctx;
  }

  /** 2. Inspect, enrich or filter: returning null skips the record (it counts as handled). */
  @Override
  public ConsumerRecord<String, String> didReceiveMessage(
      ConsumerRecord<String, String> msg, Context ctx) {
    return msg.key() == null ? null : msg;
  }

  /** 3a. A record with a value. */
  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    log.info("payment {} = {}", msg.key(), msg.value());
  }

  /** 3b. A tombstone (null value): the key was deleted. The default ignores tombstones. */
  @Override
  public void onTombstone(ConsumerRecord<String, String> msg, Context ctx) {
    log.info("payment {} deleted", msg.key());
  }

  /** 4. Something above threw: return the error to apply the error policy, null to swallow it. */
  @Override
  public Exception onError(Exception e, ConsumerRecord<String, String> msg, Context ctx) {
    if (e instanceof IllegalArgumentException) {
      log.warn("ignoring invalid payment {}", msg.key(), e);
      return null;
    }
    return e;
  }

  /** 5. Always last, with the record (the batch in bulk mode). */
  @Override
  public void onFinishHandling(List<ConsumerRecord<String, String>> msgs, Context ctx) {
    long startNanos = ctx.get("startNanos");
    log.debug("{} record(s) in {} µs", msgs.size(), (System.nanoTime() - startNanos) / 1_000);
  }
}
// end::all-hooks[]
