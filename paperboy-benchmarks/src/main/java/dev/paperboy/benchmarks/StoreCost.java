package dev.paperboy.benchmarks;

import dev.paperboy.rocksdb.RocksDbStores;
import dev.paperboy.table.TableStore;
import dev.paperboy.table.TableStoreFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;

/**
 * What a table's restore costs per record without Kafka, in a JVM of its own. Each record is a
 * fresh copy of a key, one of {@code keys} in random order, and a fresh value of {@code valueBytes}
 * bytes, and a mode says what becomes of it:
 *
 * <ul>
 *   <li>{@code map}: a put into one {@code ConcurrentHashMap<Bytes, byte[]>} (a hand-written table
 *       at its barest);
 *   <li>{@code memory}: the memory store's {@link TableStore#apply}, in batches of {@code batch}
 *       records per partition, as a table's reader applies what it polled;
 *   <li>{@code rocksdb}: the same into a RocksDB store in a fresh directory, each round announced
 *       as a restore ({@link TableStore#restoring}, {@link TableStore#restored}), as the reader
 *       does;
 *   <li>{@code sst}: per key, not per record: the {@code keys} distinct keys, already sorted,
 *       written to an SST file with RocksDB's {@code SstFileWriter}, the cheapest way into RocksDB
 *       there is (what a compacted topic, one record per key, would cost at least in any RocksDB
 *       store);
 *   <li>{@code alloc}: nothing, only the allocations.
 * </ul>
 *
 * <p>Runs {@code rounds} rounds of {@code records} records over the same store and prints {@code
 * storecost <nanos per record>}: the median of the last three rounds, once the JIT has compiled the
 * loop.
 *
 * <p>Arguments: the mode, keys, records, value bytes, partitions, batch, rounds.
 */
public final class StoreCost {
  private static final long SEED = 0x6D61_7070L;
  private static volatile Object escaped; // keeps the allocations of mode alloc

  private StoreCost() {}

  /** What becomes of each record. */
  private interface Sink extends AutoCloseable {
    /** Called before each round's first record and after its last, both inside the timing. */
    default void round(boolean start) {}

    void accept(int partition, List<TableStore.Change> batch, long nextOffset);

    @Override
    default void close() {}
  }

  public static void main(String[] args) throws IOException, RocksDBException {
    String mode = args[0];
    int keys = Integer.parseInt(args[1]);
    int records = Integer.parseInt(args[2]);
    int valueBytes = Integer.parseInt(args[3]);
    int partitions = Integer.parseInt(args[4]);
    int batch = Integer.parseInt(args[5]);
    int rounds = Integer.parseInt(args[6]);
    boolean onDisk = mode.equals("rocksdb") || mode.equals("sst");
    Path directory = onDisk ? Files.createTempDirectory("paperboy-cost-") : null;
    List<Double> nanos;
    try {
      nanos =
          mode.equals("sst")
              ? sstRounds(directory, keys, valueBytes, rounds)
              : recordRounds(mode, directory, keys, records, valueBytes, partitions, batch, rounds);
    } finally {
      if (directory != null) {
        RestoreMain.delete(directory);
      }
    }
    List<Double> last = nanos.subList(Math.max(0, rounds - 3), rounds);
    System.out.printf(Locale.ROOT, "storecost %.0f%n", ResultTable.median(new ArrayList<>(last)));
  }

  /** The nanoseconds per record of each round of a record mode. */
  private static List<Double> recordRounds(
      String mode,
      Path directory,
      int keys,
      int records,
      int valueBytes,
      int partitions,
      int batch,
      int rounds) {
    Random random = new Random(SEED);
    byte[][] order = new byte[records][];
    for (int i = 0; i < records; i++) {
      order[i] = ("k" + random.nextInt(keys)).getBytes(StandardCharsets.UTF_8);
    }
    List<Double> nanosPerRecord = new ArrayList<>();
    try (Sink sink = sink(mode, directory, records)) {
      long[] offsets = new long[partitions];
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        sink.round(true);
        for (int from = 0, partition = 0; from < records; from += batch) {
          int to = Math.min(records, from + batch);
          List<TableStore.Change> changes = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            changes.add(
                new TableStore.Change(
                    Arrays.copyOf(order[i], order[i].length), new byte[valueBytes]));
          }
          offsets[partition] += changes.size();
          sink.accept(partition, changes, offsets[partition]);
          partition = (partition + 1) % partitions;
        }
        sink.round(false);
        nanosPerRecord.add((System.nanoTime() - start) / (double) records);
      }
    }
    return nanosPerRecord;
  }

  private static Sink sink(String mode, Path directory, int records) {
    return switch (mode) {
      case "map" -> {
        Map<Bytes, byte[]> map = new ConcurrentHashMap<>();
        yield (partition, batch, next) -> {
          for (TableStore.Change change : batch) {
            map.put(Bytes.wrap(change.key()), change.value());
          }
        };
      }
      case "memory" -> store(TableStoreFactory.memory().open("cost"), records);
      case "rocksdb" -> store(RocksDbStores.at(directory).open("cost"), records);
      case "alloc" -> (partition, batch, next) -> escaped = batch;
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    };
  }

  private static Sink store(TableStore store, int records) {
    return new Sink() {
      @Override
      public void round(boolean start) {
        if (start) {
          store.restoring(records);
        } else {
          store.restored();
        }
      }

      @Override
      public void accept(int partition, List<TableStore.Change> batch, long nextOffset) {
        store.apply(partition, batch, nextOffset);
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  /**
   * Writes the {@code keys} distinct keys, sorted, with fresh values, to a new SST file per round
   * and returns the nanoseconds per key of each round: the cheapest way a key gets into RocksDB,
   * with no memtable, no write-ahead log and no sort to pay (the file is not ingested).
   */
  private static List<Double> sstRounds(Path directory, int keys, int valueBytes, int rounds)
      throws RocksDBException, IOException {
    RocksDB.loadLibrary();
    List<byte[]> sorted = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      sorted.add(("k" + i).getBytes(StandardCharsets.UTF_8));
    }
    sorted.sort(Arrays::compareUnsigned);
    List<Double> nanosPerKey = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Path file = directory.resolve("round-" + round + ".sst");
      try (Options options = new Options();
          EnvOptions env = new EnvOptions();
          SstFileWriter writer = new SstFileWriter(env, options)) {
        long start = System.nanoTime();
        writer.open(file.toString());
        for (byte[] key : sorted) {
          writer.put(Arrays.copyOf(key, key.length), new byte[valueBytes]);
        }
        writer.finish();
        nanosPerKey.add((System.nanoTime() - start) / (double) keys);
      }
      Files.delete(file);
    }
    return nanosPerKey;
  }
}
