package dev.paperboy.rocksdb;

import dev.paperboy.PaperboyException;
import dev.paperboy.table.TableStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A table's store in one RocksDB database ({@link RocksDbStores} states the guarantees).
 *
 * <p>Layout: the entries in the default column family, key for key as read from the topic; each
 * partition's next offset in the column family {@code offsets} (a 4-byte big-endian partition, an
 * 8-byte big-endian offset); the entry count and the layout's version in {@code meta}. An {@link
 * #apply} writes all three in one {@link WriteBatch}. The count stays exact because the writer
 * knows, for every change, whether its key is stored: it asks the database once per batch, for all
 * the batch's distinct keys in one MultiGet (a per-key lookup was two thirds of a restore's time),
 * and follows what the batch itself did to a key after that.
 *
 * <p>A restore ({@link #restoring}) writes without the write-ahead log (see {@link RocksDbHandles})
 * and flushes at its end ({@link #restored}), so a crash in the middle loses the restore's progress
 * since the last flush, which the next start reads again, and nothing else. A restore of at least
 * as many records as the table has keys does not look its keys up either: it removes the stored
 * count before its first write and counts the entries once at its end (one sequential read of every
 * key instead of a random lookup per record, which made half of such a restore's time); meanwhile
 * {@link #size} is RocksDB's estimate. A store opened without a stored count (a crash in such a
 * restore) counts its entries when it opens.
 *
 * <p>Threads: one writer ({@link #apply}, {@link #clear}), any number of readers; RocksDB is safe
 * for that by itself. The lock is only there so that {@link #close} waits for the calls in flight
 * and later calls fail with an exception instead of touching freed native memory.
 */
final class RocksDbStore implements TableStore {
  private final Path directory;
  private final RocksDbHandles db;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile long size;
  private volatile boolean counting; // a restore that counts at its end: size is unknown meanwhile
  private boolean restoring; // writes go without the write-ahead log until the next flush
  private boolean closed;

  private RocksDbStore(Path directory, RocksDbHandles db, long size) {
    this.directory = directory;
    this.db = db;
    this.size = size;
  }

  /** Opens (or creates) the store in {@code directory}. */
  static RocksDbStore open(Path directory) {
    RocksDbHandles db = RocksDbHandles.open(directory);
    try {
      byte[] stored = db.rocks().get(db.meta(), RocksDbHandles.SIZE_KEY);
      return new RocksDbStore(directory, db, stored == null ? db.count() : decodeLong(stored));
    } catch (RocksDBException | RuntimeException e) {
      db.close();
      throw failure(directory, "read", e);
    }
  }

  @Override
  public Map<Integer, Long> offsets() {
    lock.readLock().lock();
    try {
      ensureOpen();
      Map<Integer, Long> offsets = new TreeMap<>();
      try (RocksIterator it = db.rocks().newIterator(db.offsets())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          offsets.put(ByteBuffer.wrap(it.key()).getInt(), decodeLong(it.value()));
        }
        it.status();
      }
      return offsets;
    } catch (RocksDBException e) {
      throw failure(directory, "read the offsets of", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Writes without the write-ahead log from here until {@link #restored}; skips the key lookups
   * too, and counts at the end, when the restore has at least as many records as the table keys.
   */
  @Override
  public void restoring(long offsets) {
    lock.readLock().lock();
    try {
      ensureOpen();
      if (offsets >= size) {
        db.rocks().delete(db.meta(), RocksDbHandles.SIZE_KEY); // logged, before the unlogged ones
        counting = true;
      }
      restoring = true;
    } catch (RocksDBException e) {
      throw failure(directory, "write to", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Flushes what the restore wrote, and stores the count if the restore did not keep it. */
  @Override
  public void restored() {
    lock.readLock().lock();
    try {
      ensureOpen();
      endRestore();
    } catch (RocksDBException e) {
      throw failure(directory, "write to", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void endRestore() throws RocksDBException {
    if (restoring) {
      db.flush();
      restoring = false;
    }
    if (counting) {
      long counted = db.count();
      db.rocks().put(db.meta(), RocksDbHandles.SIZE_KEY, encodeLong(counted));
      size = counted;
      counting = false;
    }
  }

  @Override
  public void apply(int partition, List<Change> changes, long nextOffset) {
    lock.readLock().lock();
    try (WriteBatch batch = new WriteBatch()) {
      ensureOpen();
      if (counting) {
        applyCounting(batch, partition, changes, nextOffset);
        return;
      }
      long newSize = size;
      Map<ByteBuffer, Boolean> stored = storedBefore(changes);
      for (Change change : changes) {
        byte[] key = change.key();
        boolean existed = stored.put(ByteBuffer.wrap(key), change.value() != null);
        if (change.value() != null) {
          batch.put(key, change.value());
          newSize += existed ? 0 : 1;
        } else if (existed) {
          batch.delete(key);
          newSize--;
        }
      }
      batch.put(db.offsets(), encodeInt(partition), encodeLong(nextOffset));
      batch.put(db.meta(), RocksDbHandles.SIZE_KEY, encodeLong(newSize));
      write(batch);
      size = newSize;
    } catch (RocksDBException e) {
      throw failure(directory, "write to", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A counting restore's apply: the changes and the offset, no lookups, no count. */
  private void applyCounting(WriteBatch batch, int partition, List<Change> changes, long nextOffset)
      throws RocksDBException {
    for (Change change : changes) {
      byte[] key = Objects.requireNonNull(change.key(), "a table entry needs a key");
      if (change.value() != null) {
        batch.put(key, change.value());
      } else {
        batch.delete(key);
      }
    }
    batch.put(db.offsets(), encodeInt(partition), encodeLong(nextOffset));
    write(batch);
  }

  private void write(WriteBatch batch) throws RocksDBException {
    if (restoring) {
      db.writeRestoring(batch);
    } else {
      db.write(batch);
    }
  }

  /** Whether each distinct key of {@code changes} is stored now, asked in one batched lookup. */
  private Map<ByteBuffer, Boolean> storedBefore(List<Change> changes) throws RocksDBException {
    Map<ByteBuffer, Boolean> stored = new HashMap<>(changes.size() * 2);
    List<byte[]> distinct = new ArrayList<>(changes.size());
    for (Change change : changes) {
      byte[] key = Objects.requireNonNull(change.key(), "a table entry needs a key");
      if (stored.putIfAbsent(ByteBuffer.wrap(key), Boolean.FALSE) == null) {
        distinct.add(key);
      }
    }
    boolean[] found = db.containsAll(distinct);
    for (int i = 0; i < found.length; i++) {
      if (found[i]) {
        stored.put(ByteBuffer.wrap(distinct.get(i)), Boolean.TRUE);
      }
    }
    return stored;
  }

  @Override
  public byte[] get(byte[] key) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return db.rocks().get(key);
    } catch (RocksDBException e) {
      throw failure(directory, "read", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Iterates over the entries as they were when the call began; later writes are not seen. */
  @Override
  public void forEach(BiConsumer<byte[], byte[]> action) {
    lock.readLock().lock();
    try (RocksIterator it = iterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        action.accept(it.key(), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure(directory, "read", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private RocksIterator iterator() {
    ensureOpen();
    return db.rocks().newIterator(db.data());
  }

  @Override
  public long size() {
    if (!counting) {
      return size;
    }
    lock.readLock().lock();
    try {
      ensureOpen();
      return db.estimatedCount();
    } catch (RocksDBException e) {
      throw failure(directory, "read", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Deletes every entry and offset in one write (a range deletion from the first key to the last,
   * and the last), then compacts to give the space back.
   */
  @Override
  public void clear() {
    lock.readLock().lock();
    try (WriteBatch batch = new WriteBatch()) {
      ensureOpen();
      deleteAll(batch, db.data());
      deleteAll(batch, db.offsets());
      if (!counting) { // a counting restore stores the count at its end, not before
        batch.put(db.meta(), RocksDbHandles.SIZE_KEY, encodeLong(0));
      }
      write(batch);
      size = 0;
      db.rocks().compactRange(db.data());
    } catch (RocksDBException e) {
      throw failure(directory, "clear", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void deleteAll(WriteBatch batch, ColumnFamilyHandle family) throws RocksDBException {
    try (RocksIterator it = db.rocks().newIterator(family)) {
      it.seekToFirst();
      if (!it.isValid()) {
        it.status();
        return;
      }
      byte[] first = it.key();
      it.seekToLast();
      byte[] last = it.key();
      it.status();
      batch.deleteRange(family, first, last);
      batch.delete(family, last);
    }
  }

  /**
   * Flushes what a restore in progress wrote (its count, if it did not keep one, is left to the
   * next open), syncs the write-ahead log and releases the native resources; idempotent.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        try {
          if (restoring) {
            db.flush();
          }
        } catch (RocksDBException e) {
          db.close();
          throw failure(directory, "flush", e);
        }
        db.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the RocksDB table store at " + directory + " is closed");
    }
  }

  static PaperboyException failure(Path directory, String action, Exception cause) {
    return new PaperboyException(
        "Could not " + action + " the RocksDB table store at " + directory + ": " + cause, cause);
  }

  static byte[] encodeInt(int value) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
  }

  static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  static long decodeLong(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }
}
