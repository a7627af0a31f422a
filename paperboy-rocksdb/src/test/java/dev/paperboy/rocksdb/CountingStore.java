package dev.paperboy.rocksdb;

import dev.paperboy.table.TableStore;
import dev.paperboy.table.TableStoreFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A store that counts the records the table's reader hands it, over a real one: what a restore
 * actually read, measured where it arrives rather than inferred from offsets.
 */
final class CountingStore implements TableStore {
  private final TableStore store;
  private final AtomicLong applied;

  private CountingStore(TableStore store, AtomicLong applied) {
    this.store = store;
    this.applied = applied;
  }

  /** {@code stores}, each store adding the changes applied to it to {@code applied}. */
  static TableStoreFactory counting(TableStoreFactory stores, AtomicLong applied) {
    return topic -> new CountingStore(stores.open(topic), applied);
  }

  @Override
  public Map<Integer, Long> offsets() {
    return store.offsets();
  }

  @Override
  public void apply(int partition, List<Change> changes, long nextOffset) {
    store.apply(partition, changes, nextOffset);
    applied.addAndGet(changes.size());
  }

  @Override
  public void restoring(long offsets) {
    store.restoring(offsets);
  }

  @Override
  public void restored() {
    store.restored();
  }

  @Override
  public byte[] get(byte[] key) {
    return store.get(key);
  }

  @Override
  public void forEach(BiConsumer<byte[], byte[]> action) {
    store.forEach(action);
  }

  @Override
  public long size() {
    return store.size();
  }

  @Override
  public void clear() {
    store.clear();
  }

  @Override
  public void close() {
    store.close();
  }
}
