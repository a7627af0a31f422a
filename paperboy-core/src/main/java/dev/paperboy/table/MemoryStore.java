package dev.paperboy.table;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The default {@link TableStore}: a map in memory ({@link SingleWriterMap}, written by the table's
 * reader only, as every store is), empty at every start (so a table in memory is restored from the
 * beginning of its topic each time).
 */
final class MemoryStore implements TableStore {
  private final SingleWriterMap entries = new SingleWriterMap();
  private final Map<Integer, Long> offsets = new ConcurrentHashMap<>();

  @Override
  public Map<Integer, Long> offsets() {
    return Map.copyOf(offsets);
  }

  @Override
  public void apply(int partition, List<Change> changes, long nextOffset) {
    entries.apply(changes);
    offsets.put(partition, nextOffset);
  }

  @Override
  public byte[] get(byte[] key) {
    return entries.get(key);
  }

  @Override
  public void forEach(BiConsumer<byte[], byte[]> action) {
    entries.forEach(action);
  }

  @Override
  public long size() {
    return entries.size();
  }

  @Override
  public void clear() {
    entries.clear();
    offsets.clear();
  }

  @Override
  public void close() {
    clear();
  }
}
