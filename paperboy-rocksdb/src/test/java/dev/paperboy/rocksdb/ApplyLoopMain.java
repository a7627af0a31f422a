package dev.paperboy.rocksdb;

import dev.paperboy.table.TableStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The child JVM of {@link CrashSafetyTest}: opens the store in {@code args[0]}, resumes each
 * partition of the {@link SyntheticLog} from its stored offset, and applies batches of 1 to 64
 * records to random partitions until it is killed. Prints {@code open <offsets>} once, then {@code
 * applied <batches> <next offset of partition 0> <1> <2>} every 100 batches, after the write
 * returned. With {@code args[1]} {@code restoring}, it alternates 100 batches written as a restore
 * ({@link TableStore#restoring}, written without the write-ahead log) and 100 written as usual, and
 * prints the progress line after {@link TableStore#restored} ended such a restore.
 */
public final class ApplyLoopMain {
  private ApplyLoopMain() {}

  public static void main(String[] args) {
    TableStore store = RocksDbStores.at(Path.of(args[0])).open(CrashSafetyTest.TOPIC);
    Map<Integer, Long> next = new HashMap<>(store.offsets());
    System.out.println("open " + next);
    boolean alternate = args.length > 1 && args[1].equals("restoring");
    boolean restoring = false;
    Random random = new Random();
    for (long batches = 1; ; batches++) {
      int partition = random.nextInt(SyntheticLog.PARTITIONS);
      long from = next.getOrDefault(partition, 0L);
      long to = from + 1 + random.nextInt(64);
      store.apply(partition, SyntheticLog.records(partition, from, to), to);
      next.put(partition, to);
      if (batches % 100 == 0) {
        if (restoring) {
          store.restored();
        } else if (alternate) {
          store.restoring(1_000_000); // counts at its end
        }
        restoring = alternate && !restoring;
        StringBuilder line = new StringBuilder("applied ").append(batches);
        for (int p = 0; p < SyntheticLog.PARTITIONS; p++) {
          line.append(' ').append(next.getOrDefault(p, 0L));
        }
        System.out.println(line);
        System.out.flush();
      }
    }
  }
}
