package dev.paperboy.table;

/**
 * Opens the store of a table: in memory by default, or persistent (the {@code paperboy-rocksdb}
 * module). Called once per table when the engine starts.
 */
@FunctionalInterface
public interface TableStoreFactory {
  /** Opens (or creates) the store of the table that reads {@code topic}. */
  TableStore open(String topic);
}
