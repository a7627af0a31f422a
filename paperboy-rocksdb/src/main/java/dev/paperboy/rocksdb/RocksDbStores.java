package dev.paperboy.rocksdb;

import dev.paperboy.table.TableStore;
import dev.paperboy.table.TableStoreFactory;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Table stores that persist in RocksDB, one database per table under a directory of the service's
 * own: {@code RocksDbStores.at(Path.of("/var/lib/my-service/tables"))}.
 *
 * <p>The table reading {@code topic} lives in the database {@code <directory>/<topic>}. Every
 * {@link TableStore#apply} is one atomic RocksDB write holding the batch's entries, the partition's
 * next offset and the entry count, so:
 *
 * <ul>
 *   <li><b>Data and offsets never disagree.</b> Whatever a crash (SIGKILL, out of memory, a lost
 *       machine) leaves on disk is the table as it was after some whole batch, with exactly the
 *       offsets that batch recorded: the restore goes on from there and reads each record once.
 *   <li><b>A restart restores only what changed since</b>: the stored offsets say where to resume,
 *       instead of reading the whole topic again.
 *   <li><b>An acknowledged write survives the process, once the table is restored.</b> Writes go
 *       through RocksDB's write-ahead log without an fsync each: a killed process loses nothing
 *       {@code apply} returned from; a lost machine (power, kernel) may lose the last writes before
 *       it, never part of a write, and the restore reads them again from the topic. {@link
 *       TableStore#close} syncs the log. A restore's writes skip the log and are flushed when it
 *       ends (or the store closes): a crash in the middle of a restore loses its progress since the
 *       last flush (up to three 16 MB memtables), which the next start reads again.
 *   <li><b>{@link TableStore#size} is exact</b>, not RocksDB's estimate: the count is kept in the
 *       same write as the entries; a restore of at least as many records as the table has keys
 *       counts them once at its end instead, and answers RocksDB's estimate until then.
 * </ul>
 *
 * <p>A database is open in one store at a time: a second process, or a second engine in this one,
 * opening the same table's directory fails with a {@code PaperboyException} naming it. Give every
 * instance of a service its own directory. RocksDB's native library comes inside the {@code
 * rocksdbjni} jar (Linux x86_64 and arm64, glibc or musl, macOS, Windows) and is unpacked to {@code
 * java.io.tmpdir} when the first store opens.
 */
public final class RocksDbStores {
  /** Kafka's legal topic names; no path separator, so a topic cannot name a path outside. */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");

  private RocksDbStores() {}

  /**
   * The factory that opens each table's store in {@code directory/<topic>}, creating the
   * directories and the database if they do not exist yet. Nothing is opened until a table asks.
   */
  public static TableStoreFactory at(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return topic -> RocksDbStore.open(directory.resolve(checkedTopic(topic)));
  }

  private static String checkedTopic(String topic) {
    if (topic == null
        || !TOPIC.matcher(topic).matches()
        || topic.equals(".")
        || topic.equals("..")) {
      throw new IllegalArgumentException("not a Kafka topic name: " + topic);
    }
    return topic;
  }
}
