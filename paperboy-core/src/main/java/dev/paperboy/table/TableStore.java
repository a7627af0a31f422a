package dev.paperboy.table;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Where a table keeps its entries, as the serialized bytes read from the table's topic, together
 * with how far it read each partition of that topic.
 *
 * <p>A store has one writer, the table's reader, which applies what it read one partition's batch
 * at a time ({@link #apply}). Its calls other than the reads below never overlap, and each happens
 * before the next, but they come from more than one thread: {@link #offsets}, {@link #clear},
 * {@link #restoring} and {@link #restored} from the reader's, {@link #apply} from the one it
 * applies on while it reads the next records, and {@link #close} from the engine's once the reader
 * ended. It is read by any thread ({@link #get}, {@link #forEach}, {@link #size}). An
 * implementation that persists (RocksDB) writes a batch's entries and the partition's next offset
 * in one atomic write, so a crash can never leave the data and the offsets disagreeing, and a
 * restart reads only what was written since. A memory store starts empty, with no offsets, every
 * time.
 */
public interface TableStore extends AutoCloseable {

  /** One entry read from the table's topic: a {@code null} value (a tombstone) deletes the key. */
  record Change(byte[] key, byte[] value) {}

  /**
   * The next offset to read per partition of the table's topic, as stored; empty for a store that
   * holds nothing yet.
   */
  Map<Integer, Long> offsets();

  /**
   * Applies one partition's changes in order, and records {@code nextOffset} as that partition's
   * next offset to read, atomically: after a crash either all of it is stored or none of it.
   */
  void apply(int partition, List<Change> changes, long nextOffset);

  /**
   * The reader is about to restore {@code offsets} offsets of the table's topic (from the stored
   * offsets, or the beginning, up to the end offsets seen now), before handlers run, and calls
   * {@link #restored} once it reached them. A store may write in a bulk-loading way meanwhile, as
   * long as every {@link #apply} stays atomic with its offset and a crash leaves the store as after
   * some whole apply; it may then lose the applies since its last durable point, which the next
   * restore reads again. The default does nothing.
   */
  default void restoring(long offsets) {}

  /**
   * The restore announced by {@link #restoring} reached its end offsets: from here on every apply
   * is durable as the store promises. The default does nothing.
   */
  default void restored() {}

  /** The value stored under {@code key}, or {@code null}. Any thread. */
  byte[] get(byte[] key);

  /** Calls {@code action} with each key and value, in no promised order. Any thread. */
  void forEach(BiConsumer<byte[], byte[]> action);

  /** The number of keys stored. Any thread. */
  long size();

  /** Deletes every entry and every offset: the next restore reads the topic from its beginning. */
  void clear();

  /** Releases the store's resources; a persistent store keeps its data for the next start. */
  @Override
  void close();
}
