package dev.paperboy.internal;

import dev.paperboy.table.TableStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * A table's entries as bytes: its store, written only by the table's reader from what it read of
 * the topic, and an overlay of this instance's own writes not yet read back. The overlay gives read
 * your writes without writing the store ahead of the offsets it records (a persistent store must
 * never hold data its stored offsets do not cover): a write enters the overlay when it is sent,
 * learns its partition and offset when acknowledged, and leaves it once the reader applied that
 * offset (or at once if the write failed). Reads look in the overlay first.
 */
final class TableData {
  private final TableStore store;
  private final Map<Bytes, Pending> overlay = new ConcurrentHashMap<>();
  private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  /** A write of this instance, not yet read back; a {@code null} value is a delete. */
  private record Pending(long seq, byte[] value, int partition, long offset) {
    boolean appliedBefore(int readPartition, long nextOffset) {
      return partition == readPartition && offset >= 0 && offset < nextOffset;
    }
  }

  TableData(TableStore store) {
    this.store = store;
    applied.putAll(store.offsets());
  }

  TableStore store() {
    return store;
  }

  byte[] get(byte[] key) {
    Pending pending = overlay.get(Bytes.wrap(key));
    return pending != null ? pending.value : store.get(key);
  }

  void forEach(BiConsumer<byte[], byte[]> action) {
    Map<Bytes, Pending> own = new HashMap<>(overlay);
    store.forEach(
        (key, value) -> {
          if (!own.containsKey(Bytes.wrap(key))) {
            action.accept(key, value);
          }
        });
    own.forEach(
        (key, pending) -> {
          if (pending.value != null) {
            action.accept(key.get(), pending.value);
          }
        });
  }

  long size() {
    long size = store.size();
    for (Map.Entry<Bytes, Pending> entry : overlay.entrySet()) {
      boolean stored = store.get(entry.getKey().get()) != null;
      boolean present = entry.getValue().value != null;
      size += (present ? 1 : 0) - (stored ? 1 : 0);
    }
    return size;
  }

  /** This instance wrote {@code value} (null: deleted) under {@code key}; returns its number. */
  long written(byte[] key, byte[] value) {
    long seq = writes.incrementAndGet();
    overlay.put(Bytes.wrap(key), new Pending(seq, value, -1, -1));
    return seq;
  }

  /** The broker acknowledged write {@code seq} at {@code partition} and {@code offset}. */
  void acknowledged(byte[] key, long seq, int partition, long offset) {
    overlay.computeIfPresent(
        Bytes.wrap(key),
        (k, pending) -> {
          if (pending.seq != seq) {
            return pending; // a later write of this key replaced it
          }
          Pending placed = new Pending(seq, pending.value, partition, offset);
          return placed.appliedBefore(partition, applied.getOrDefault(partition, 0L))
              ? null
              : placed;
        });
  }

  /** Write {@code seq} failed: it never happened, so the stored value shows again. */
  void failed(byte[] key, long seq) {
    overlay.computeIfPresent(Bytes.wrap(key), (k, pending) -> pending.seq == seq ? null : pending);
  }

  /** The reader applies what it read of one partition, up to {@code nextOffset}. */
  void apply(int partition, List<TableStore.Change> changes, long nextOffset) {
    store.apply(partition, changes, nextOffset);
    applied.put(partition, nextOffset);
    if (!overlay.isEmpty()) {
      overlay.values().removeIf(pending -> pending.appliedBefore(partition, nextOffset));
    }
  }
}
