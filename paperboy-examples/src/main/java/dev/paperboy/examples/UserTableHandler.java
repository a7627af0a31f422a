package dev.paperboy.examples;

import dev.paperboy.Context;
import dev.paperboy.LatestByKey;
import dev.paperboy.PaperboyBulkHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps a table of users up to date, in bulk while behind and record by record when caught up. */
// tag::bulk-handler[]
public class UserTableHandler extends PaperboyBulkHandler<String, String> {
  private final Map<String, String> users = new ConcurrentHashMap<>();

  @Override
  public String topic() {
    return "users";
  }

  /** Bulk mode: one call per partition batch; only the newest record of each key matters. */
  @Override
  public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
    LatestByKey<String, String> latest = LatestByKey.of(msgs);
    latest.values().forEach(r -> users.put(r.key(), r.value())); // one bulk upsert in real life
    latest.deletedKeys().forEach(users::remove); //                  one bulk delete
  }

  /** Single mode (caught up): record by record. */
  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    users.put(msg.key(), msg.value());
  }

  @Override
  public void onTombstone(ConsumerRecord<String, String> msg, Context ctx) {
    users.remove(msg.key());
  }

  public Map<String, String> users() {
    return users;
  }
}
// end::bulk-handler[]
