package dev.paperboy.rocksdb;

import dev.paperboy.PaperboyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One open RocksDB database of a table and every native object it needs, released together in the
 * order RocksDB asks for (column family handles, then the database, then its options).
 *
 * <p>Options and why: the write-ahead log is on and not synced per write (see {@link
 * RocksDbStores}); recovery replays it to the last whole write ({@code PointInTimeRecovery}, the
 * default, named here because the guarantee rests on it); column families are flushed together
 * ({@code atomic_flush}), so even the table files alone never hold entries without their offsets; a
 * Bloom filter on the entries makes the writer's "is this key stored?" cheap for new keys;
 * memtables of 16 MB, at most three (Kafka Streams' choice), not RocksDB's 64 MB, since a service
 * may hold several tables; info logs are capped at a few files.
 *
 * <p>A restore writes without the write-ahead log ({@link #writeRestoring}): the log doubled the
 * cost of a restore's writes, and a restore can always be read again from the topic. What such a
 * write left in the memtables is lost in a crash, but never half of it and never without its
 * offsets: every flush writes all column families together ({@code atomic_flush}), so the table
 * files hold the entries and offsets of the same whole writes. {@link #flush} ends a restore; the
 * store flushes before its next logged write, so a logged write never lands in the table files
 * ahead of an unlogged one before it.
 */
final class RocksDbHandles implements AutoCloseable {
  static final byte[] SIZE_KEY = "size".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
  private static final long FORMAT = 1;
  private static final byte[] OFFSETS = "offsets".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] META = "meta".getBytes(StandardCharsets.US_ASCII);

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final Deque<AutoCloseable> resources; // closed first-in-last-out
  private final RocksDB rocks;
  private final List<ColumnFamilyHandle> families;
  private final WriteOptions writeOptions;
  private final WriteOptions unlogged;
  private final FlushOptions flushOptions;

  private RocksDbHandles(
      Path directory,
      Deque<AutoCloseable> resources,
      RocksDB rocks,
      List<ColumnFamilyHandle> families,
      WriteOptions writeOptions) {
    this.directory = directory;
    this.resources = resources;
    this.rocks = rocks;
    this.families = families;
    this.writeOptions = writeOptions;
    this.unlogged = own(resources, new WriteOptions().setDisableWAL(true));
    this.flushOptions = own(resources, new FlushOptions().setWaitForFlush(true));
  }

  static RocksDbHandles open(Path directory) {
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      Files.createDirectories(directory);
      BloomFilter filter = own(resources, new BloomFilter(10));
      ColumnFamilyOptions data =
          own(resources, new ColumnFamilyOptions())
              .setWriteBufferSize(16L << 20)
              .setMaxWriteBufferNumber(3)
              .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter));
      ColumnFamilyOptions small = own(resources, new ColumnFamilyOptions()).optimizeForSmallDb();
      DBOptions options =
          own(resources, new DBOptions())
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setAtomicFlush(true)
              .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
              .setKeepLogFileNum(3)
              .setMaxLogFileSize(8L << 20);
      WriteOptions writeOptions = own(resources, new WriteOptions()).setSync(false);
      List<ColumnFamilyHandle> families = new ArrayList<>();
      RocksDB rocks =
          own(
              resources,
              RocksDB.open(
                  options,
                  directory.toString(),
                  List.of(
                      new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, data),
                      new ColumnFamilyDescriptor(OFFSETS, small),
                      new ColumnFamilyDescriptor(META, small)),
                  families));
      families.forEach(family -> resources.push(family));
      RocksDbHandles handles =
          new RocksDbHandles(directory, resources, rocks, families, writeOptions);
      handles.checkFormat();
      return handles;
    } catch (IOException | RocksDBException | RuntimeException e) {
      closeAll(resources);
      throw openFailure(directory, e);
    }
  }

  private static <T extends AutoCloseable> T own(Deque<AutoCloseable> resources, T resource) {
    resources.push(resource);
    return resource;
  }

  /** Writes the layout version into a new database; refuses a database of another layout. */
  private void checkFormat() throws RocksDBException {
    byte[] stored = rocks.get(meta(), FORMAT_KEY);
    if (stored == null) {
      rocks.put(meta(), FORMAT_KEY, RocksDbStore.encodeLong(FORMAT));
    } else if (RocksDbStore.decodeLong(stored) != FORMAT) {
      throw new PaperboyException(
          "The RocksDB table store at "
              + directory
              + " has layout version "
              + RocksDbStore.decodeLong(stored)
              + ", this Paperboy reads version "
              + FORMAT
              + ": delete the directory to restore the table from its topic");
    }
  }

  private static PaperboyException openFailure(Path directory, Exception e) {
    if (e instanceof PaperboyException) {
      return (PaperboyException) e;
    }
    if (isLockConflict(e)) {
      return new PaperboyException(
          "The RocksDB table store at "
              + directory
              + " is in use by another process, or by another open store in this one: give every"
              + " engine instance a state directory of its own ("
              + e.getMessage()
              + ")",
          e);
    }
    return RocksDbStore.failure(directory, "open", e);
  }

  private static boolean isLockConflict(Exception e) {
    if (!(e instanceof RocksDBException)) {
      return false;
    }
    Status status = ((RocksDBException) e).getStatus();
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return (status == null || status.getCode() == Status.Code.IOError) && message.contains("lock");
  }

  RocksDB rocks() {
    return rocks;
  }

  ColumnFamilyHandle data() {
    return families.get(0);
  }

  ColumnFamilyHandle offsets() {
    return families.get(1);
  }

  ColumnFamilyHandle meta() {
    return families.get(2);
  }

  /**
   * Which of {@code keys} have an entry stored, in the same order: one batched lookup (RocksDB's
   * MultiGet, a single native call) instead of one or two per key.
   */
  boolean[] containsAll(List<byte[]> keys) throws RocksDBException {
    if (keys.isEmpty()) {
      return new boolean[0];
    }
    List<byte[]> values = rocks.multiGetAsList(Collections.nCopies(keys.size(), data()), keys);
    boolean[] stored = new boolean[keys.size()];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = values.get(i) != null;
    }
    return stored;
  }

  void write(WriteBatch batch) throws RocksDBException {
    rocks.write(writeOptions, batch);
  }

  /**
   * Writes {@code batch} without the write-ahead log: a restore's write (see the class comment).
   */
  void writeRestoring(WriteBatch batch) throws RocksDBException {
    rocks.write(unlogged, batch);
  }

  /** Flushes the memtables of every column family to table files, atomically, and waits. */
  void flush() throws RocksDBException {
    rocks.flush(flushOptions, families);
  }

  /** The number of entries stored, counted one by one. */
  long count() throws RocksDBException {
    long count = 0;
    try (RocksIterator it = rocks.newIterator(data())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        count++;
      }
      it.status();
    }
    return count;
  }

  /** RocksDB's estimate of the number of entries, cheap and approximate. */
  long estimatedCount() throws RocksDBException {
    return rocks.getLongProperty(data(), "rocksdb.estimate-num-keys");
  }

  /** Syncs the write-ahead log, then releases everything; throws if the sync failed. */
  @Override
  public void close() {
    RocksDBException syncFailure = null;
    try {
      rocks.syncWal();
    } catch (RocksDBException e) {
      syncFailure = e;
    }
    closeAll(resources);
    if (syncFailure != null) {
      throw RocksDbStore.failure(directory, "sync the write-ahead log of", syncFailure);
    }
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // Releasing native memory: nothing left to do about a failure here.
      }
    }
  }
}
