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
 * <p>Threads: one writer ({@link #apply}, {@link #clear}), any number of readers; RocksDB is safe
 * for that by itself. The lock is only there so that {@link #close} waits for the calls in flight
 * and later calls fail with an exception instead of touching freed native memory.
 */
final class RocksDbStore implements TableStore {
  private final Path directory;
  private final RocksDbHandles db;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile long size;
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
      return new RocksDbStore(directory, db, stored == null ? 0 : decodeLong(stored));
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

  @Override
  public void apply(int partition, List<Change> changes, long nextOffset) {
    lock.readLock().lock();
    try (WriteBatch batch = new WriteBatch()) {
      ensureOpen();
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
      db.write(batch);
      size = newSize;
    } catch (RocksDBException e) {
      throw failure(directory, "write to", e);
    } finally {
      lock.readLock().unlock();
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
    return size;
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
      batch.put(db.meta(), RocksDbHandles.SIZE_KEY, encodeLong(0));
      db.write(batch);
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

  /** Syncs the write-ahead log and releases the native resources; idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
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
