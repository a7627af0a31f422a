package dev.paperboy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The last record of each key in a batch, split into values and tombstones: what a bulk handler
 * needs to upsert and delete in bulk, where only the newest state of a key matters.
 *
 * <pre>{@code
 * public void onBulk(List<ConsumerRecord<String, User>> msgs, Context ctx) {
 *   LatestByKey<String, User> latest = LatestByKey.of(msgs);
 *   users.upsertAll(latest.values());
 *   users.deleteAll(latest.tombstones());
 * }
 * }</pre>
 *
 * <p>Keys are compared with {@code equals}, except {@code byte[]} keys, which are compared by
 * content; {@code null} is a key like any other. Both lists keep the order of each key's last
 * record in the batch (offset order for a batch of one partition), so a key that was deleted and
 * written again is a value, and one written and then deleted is a tombstone.
 */
public final class LatestByKey<K, V> {
  private final List<ConsumerRecord<K, V>> values;
  private final List<ConsumerRecord<K, V>> tombstones;

  private LatestByKey(List<ConsumerRecord<K, V>> values, List<ConsumerRecord<K, V>> tombstones) {
    this.values = Collections.unmodifiableList(values);
    this.tombstones = Collections.unmodifiableList(tombstones);
  }

  /** The last record of each key in {@code batch}, in the order of those last records. */
  public static <K, V> LatestByKey<K, V> of(List<ConsumerRecord<K, V>> batch) {
    Map<Object, ConsumerRecord<K, V>> last = new LinkedHashMap<>();
    for (ConsumerRecord<K, V> record : batch) {
      Object key = identity(record.key());
      last.remove(key);
      last.put(key, record);
    }
    List<ConsumerRecord<K, V>> values = new ArrayList<>();
    List<ConsumerRecord<K, V>> tombstones = new ArrayList<>();
    for (ConsumerRecord<K, V> record : last.values()) {
      (record.value() == null ? tombstones : values).add(record);
    }
    return new LatestByKey<>(values, tombstones);
  }

  /** The last record of each key whose last record has a value; unmodifiable. */
  public List<ConsumerRecord<K, V>> values() {
    return values;
  }

  /** The last record of each key whose last record is a tombstone (null value); unmodifiable. */
  public List<ConsumerRecord<K, V>> tombstones() {
    return tombstones;
  }

  /** The keys whose last record is a tombstone, in order. */
  public List<K> deletedKeys() {
    List<K> keys = new ArrayList<>(tombstones.size());
    tombstones.forEach(r -> keys.add(r.key()));
    return keys;
  }

  private static Object identity(Object key) {
    return key instanceof byte[] ? ByteBuffer.wrap((byte[]) key) : key;
  }
}
