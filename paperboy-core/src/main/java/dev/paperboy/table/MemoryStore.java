package dev.paperboy.table;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The default {@link TableStore}: a concurrent map, empty at every start (so a table in memory is
 * restored from the beginning of its topic each time).
 */
final class MemoryStore implements TableStore {
  private final Map<Bytes, byte[]> entries = new ConcurrentHashMap<>();
  private final Map<Integer, Long> offsets = new ConcurrentHashMap<>();

  @Override
  public Map<Integer, Long> offsets() {
    return Map.copyOf(offsets);
  }

  @Override
  public void apply(int partition, List<Change> changes, long nextOffset) {
    for (Change change : changes) {
      if (change.value() == null) {
        entries.remove(Bytes.wrap(change.key()));
      } else {
        entries.put(Bytes.wrap(change.key()), change.value());
      }
    }
    offsets.put(partition, nextOffset);
  }

  @Override
  public byte[] get(byte[] key) {
    return entries.get(Bytes.wrap(key));
  }

  @Override
  public void forEach(BiConsumer<byte[], byte[]> action) {
    entries.forEach((key, value) -> action.accept(key.get(), value));
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
