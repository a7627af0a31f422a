package dev.paperboy.internal;

import dev.paperboy.table.TableStore;
import java.util.ArrayList;
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
 *
 * <p>A key's overlay holds its writes in the order they were sent and shows the last. It keeps an
 * earlier write as long as it may show again: while unacknowledged (a later write may fail), and
 * once acknowledged until read back or replaced by a later acknowledged write. So a failed write
 * shows the write before it that is in the topic but not yet in the store, never a stale stored
 * value.
 */
final class TableData {
  private final TableStore store;
  private final Map<Bytes, List<Pending>> overlay = new ConcurrentHashMap<>();
  private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  /** A write of this instance, not yet read back; a {@code null} value is a delete. */
  private record Pending(long seq, byte[] value, int partition, long offset) {
    boolean acknowledged() {
      return offset >= 0;
    }

    boolean appliedBefore(int readPartition, long nextOffset) {
      return partition == readPartition && acknowledged() && offset < nextOffset;
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
    List<Pending> own = overlay.get(Bytes.wrap(key));
    return own != null ? shown(own).value : store.get(key);
  }

  void forEach(BiConsumer<byte[], byte[]> action) {
    Map<Bytes, List<Pending>> own = new HashMap<>(overlay);
    store.forEach(
        (key, value) -> {
          if (!own.containsKey(Bytes.wrap(key))) {
            action.accept(key, value);
          }
        });
    own.forEach(
        (key, pending) -> {
          byte[] value = shown(pending).value;
          if (value != null) {
            action.accept(key.get(), value);
          }
        });
  }

  long size() {
    long size = store.size();
    for (Map.Entry<Bytes, List<Pending>> entry : overlay.entrySet()) {
      boolean stored = store.get(entry.getKey().get()) != null;
      boolean present = shown(entry.getValue()).value != null;
      size += (present ? 1 : 0) - (stored ? 1 : 0);
    }
    return size;
  }

  /** This instance wrote {@code value} (null: deleted) under {@code key}; returns its number. */
  long written(byte[] key, byte[] value) {
    long seq = writes.incrementAndGet();
    Pending write = new Pending(seq, value, -1, -1);
    overlay.compute(
        Bytes.wrap(key),
        (k, own) -> {
          List<Pending> next = own == null ? new ArrayList<>() : new ArrayList<>(own);
          next.add(write);
          return List.copyOf(next);
        });
    return seq;
  }

  /** The broker acknowledged write {@code seq} at {@code partition} and {@code offset}. */
  void acknowledged(byte[] key, long seq, int partition, long offset) {
    overlay.computeIfPresent(
        Bytes.wrap(key),
        (k, own) -> {
          List<Pending> next = new ArrayList<>(own.size());
          for (Pending pending : own) {
            next.add(
                pending.seq == seq ? new Pending(seq, pending.value, partition, offset) : pending);
          }
          return pruned(next);
        });
  }

  /** Write {@code seq} failed: it never happened, so the value before it shows again. */
  void failed(byte[] key, long seq) {
    overlay.computeIfPresent(
        Bytes.wrap(key),
        (k, own) -> {
          List<Pending> next = new ArrayList<>(own);
          next.removeIf(pending -> pending.seq == seq);
          return pruned(next);
        });
  }

  /** The reader empties the store and its offsets, to restore the topic from its beginning. */
  void clear() {
    store.clear();
    applied.clear();
  }

  /** The reader applies what it read of one partition, up to {@code nextOffset}. */
  void apply(int partition, List<TableStore.Change> changes, long nextOffset) {
    store.apply(partition, changes, nextOffset);
    applied.put(partition, nextOffset);
    for (Bytes key : overlay.keySet()) {
      overlay.computeIfPresent(key, (k, own) -> pruned(new ArrayList<>(own)));
    }
  }

  private static Pending shown(List<Pending> own) {
    return own.get(own.size() - 1);
  }

  /**
   * Drops the writes that can no longer show: those read back, and acknowledged ones followed by a
   * later acknowledged write. Null when none is left.
   */
  private List<Pending> pruned(List<Pending> own) {
    long lastAcknowledged = -1;
    for (Pending pending : own) {
      if (pending.acknowledged()) {
        lastAcknowledged = pending.seq;
      }
    }
    long latest = lastAcknowledged;
    own.removeIf(
        pending ->
            pending.acknowledged()
                && (pending.seq < latest
                    || pending.appliedBefore(
                        pending.partition, applied.getOrDefault(pending.partition, 0L))));
    return own.isEmpty() ? null : List.copyOf(own);
  }
}
