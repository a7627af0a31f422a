package dev.paperboy.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;

/**
 * What a memory table's restore costs per record without Kafka, in a JVM of its own: {@code puts}
 * puts into one {@code ConcurrentHashMap<Bytes, byte[]>} (like the memory store) of a fresh copy of
 * a key, one of {@code keys} in random order, and a fresh value of {@code valueBytes} bytes; or,
 * with mode {@code alloc}, only the allocations. Runs {@code rounds} rounds over the same map and
 * prints {@code mapput <nanos per put>}: the median of the last three rounds, once the JIT has
 * compiled the loop.
 *
 * <p>Arguments: the mode ({@code put} or {@code alloc}), keys, puts, value bytes, rounds.
 */
public final class MapPutCost {
  private static final long SEED = 0x6D61_7070L;
  private static volatile Object sink;

  private MapPutCost() {}

  public static void main(String[] args) {
    boolean put =
        switch (args[0]) {
          case "put" -> true;
          case "alloc" -> false;
          default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
    int keys = Integer.parseInt(args[1]);
    int puts = Integer.parseInt(args[2]);
    int valueBytes = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    Random random = new Random(SEED);
    byte[][] order = new byte[puts][];
    for (int i = 0; i < puts; i++) {
      order[i] = ("k" + random.nextInt(keys)).getBytes(StandardCharsets.UTF_8);
    }
    Map<Bytes, byte[]> map = new ConcurrentHashMap<>();
    List<Double> nanosPerPut = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (byte[] key : order) {
        Bytes copy = Bytes.wrap(Arrays.copyOf(key, key.length));
        byte[] value = new byte[valueBytes];
        if (put) {
          map.put(copy, value);
        } else {
          sink = copy.hashCode() == 0 ? value : copy;
        }
      }
      nanosPerPut.add((System.nanoTime() - start) / (double) puts);
    }
    List<Double> last = nanosPerPut.subList(Math.max(0, rounds - 3), rounds);
    System.out.printf(Locale.ROOT, "mapput %.0f%n", ResultTable.median(new ArrayList<>(last)));
  }
}
