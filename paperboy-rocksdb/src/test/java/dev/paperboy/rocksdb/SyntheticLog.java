package dev.paperboy.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.paperboy.table.TableStore.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table topic made up from offsets alone, so a test can say what a store must hold after any
 * prefix of it: in partition {@code p} the record at offset {@code o} has the key {@code p-(o %
 * 1000)} and the value {@code p:o}, or is a tombstone when {@code o % 7 == 6}.
 */
final class SyntheticLog {
  static final int PARTITIONS = 3;
  private static final int KEYS = 1000;

  private SyntheticLog() {}

  static Change record(int partition, long offset) {
    byte[] key = (partition + "-" + offset % KEYS).getBytes(UTF_8);
    byte[] value = offset % 7 == 6 ? null : (partition + ":" + offset).getBytes(UTF_8);
    return new Change(key, value);
  }

  /** The records {@code from} (inclusive) to {@code to} (exclusive) of a partition. */
  static List<Change> records(int partition, long from, long to) {
    List<Change> changes = new ArrayList<>();
    for (long offset = from; offset < to; offset++) {
      changes.add(record(partition, offset));
    }
    return changes;
  }

  /** The table after reading each partition up to its next offset: key to value, as text. */
  static Map<String, String> replay(Map<Integer, Long> nextOffsets) {
    Map<String, String> table = new TreeMap<>();
    nextOffsets.forEach(
        (partition, next) -> {
          for (Change change : records(partition, 0, next)) {
            String key = new String(change.key(), UTF_8);
            if (change.value() == null) {
              table.remove(key);
            } else {
              table.put(key, new String(change.value(), UTF_8));
            }
          }
        });
    return table;
  }
}
