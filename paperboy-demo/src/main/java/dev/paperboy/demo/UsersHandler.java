package dev.paperboy.demo;

import dev.paperboy.Context;
import dev.paperboy.LatestByKey;
import dev.paperboy.PaperboyBulkHandler;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps the {@link UserTable} up to date from the users topic. Record by record it writes each
 * profile and applies each tombstone; in bulk mode it first collapses the batch to the last event
 * per user, so a user updated ten times in a batch costs one write: the reason to have a batch
 * path.
 */
final class UsersHandler extends PaperboyBulkHandler<String, String> {
  private final String topic;
  private final UserTable table;
  private final HandledTally tally = new HandledTally();
  private final LongAdder single = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder batched = new LongAdder();
  private final LongAdder writes = new LongAdder();

  UsersHandler(String topic, UserTable table) {
    this.topic = topic;
    this.table = table;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    table.apply(msg.key(), msg.value());
    handledOne(msg);
  }

  @Override
  public void onTombstone(ConsumerRecord<String, String> msg, Context ctx) {
    table.apply(msg.key(), null);
    handledOne(msg);
  }

  @Override
  public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
    LatestByKey<String, String> latest = LatestByKey.of(msgs);
    latest.values().forEach(msg -> table.apply(msg.key(), msg.value()));
    latest.tombstones().forEach(msg -> table.apply(msg.key(), null));
    msgs.forEach(tally::record);
    batches.increment();
    batched.add(msgs.size());
    writes.add(latest.values().size() + latest.tombstones().size());
  }

  /** What this handler handled, and how. */
  Summary.UserStats stats() {
    return new Summary.UserStats(
        table.known(), table.deleted(), single.sum(), batches.sum(), batched.sum(), writes.sum());
  }

  HandledTally tally() {
    return tally;
  }

  private void handledOne(ConsumerRecord<String, String> msg) {
    tally.record(msg);
    single.increment();
  }
}
