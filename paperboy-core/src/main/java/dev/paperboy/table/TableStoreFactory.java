package dev.paperboy.table;

/**
 * Opens the store of a table: in memory by default, or persistent (the {@code paperboy-rocksdb}
 * module). Called once per table when the engine starts.
 */
@FunctionalInterface
public interface TableStoreFactory {
  /** Opens (or creates) the store of the table that reads {@code topic}. */
  TableStore open(String topic);

  /**
   * The default store: in memory, empty at every start (the table is restored from its topic's
   * beginning each time), written by the table's reader and read by any thread without locks. It
   * keeps its keys and values as bytes in large chunks rather than as objects, so a large table
   * weighs little on the garbage collector; a read returns a copy of the value's bytes.
   */
  static TableStoreFactory memory() {
    return topic -> new MemoryStore();
  }
}
