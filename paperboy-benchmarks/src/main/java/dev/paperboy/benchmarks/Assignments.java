package dev.paperboy.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of every member of the scale-out group as the members report them, and when they
 * last changed. Thread-safe: each member's output is followed by a thread of its own.
 */
final class Assignments {
  private static final Logger log = LoggerFactory.getLogger(Assignments.class);
  private final Map<String, TreeSet<Integer>> byMember = new TreeMap<>();
  private final Map<String, Long> firstReportMicros = new TreeMap<>();
  private long lastChangeMicros;

  /** Member {@code name} now owns {@code partitions} (comma-separated, {@code -} for none). */
  synchronized void update(String name, long micros, String partitions) {
    firstReportMicros.putIfAbsent(name, micros);
    TreeSet<Integer> owned = new TreeSet<>();
    if (!partitions.trim().equals("-")) {
      for (String partition : partitions.trim().split(",")) {
        owned.add(Integer.parseInt(partition));
      }
    }
    if (!owned.equals(byMember.get(name))) {
      byMember.put(name, owned);
      log.info("{} owns {}", name, owned.isEmpty() ? "nothing" : owned);
      lastChangeMicros = Math.max(lastChangeMicros, micros);
      notifyAll();
    }
  }

  /**
   * Waits until exactly {@code members} members own all {@code partitions} partitions, each once,
   * and nothing changed for {@code quietMillis}; returns the time of the last change (micros), or
   * throws after {@code timeoutMillis}.
   */
  synchronized long awaitSettled(int members, int partitions, long quietMillis, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long quietFor = ScaleOutMember.nowMicros() - lastChangeMicros;
      if (covers(members, partitions) && quietFor >= TimeUnit.MILLISECONDS.toMicros(quietMillis)) {
        return lastChangeMicros;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            "the group did not settle on "
                + members
                + " members owning "
                + partitions
                + " partitions within "
                + timeoutMillis
                + " ms: "
                + this);
      }
      wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
    }
  }

  private boolean covers(int members, int partitions) {
    TreeSet<Integer> all = new TreeSet<>();
    int owners = 0;
    int owned = 0;
    for (TreeSet<Integer> set : byMember.values()) {
      if (!set.isEmpty()) {
        owners++;
        owned += set.size();
        all.addAll(set);
      }
    }
    return owners == members && owned == partitions && all.size() == partitions;
  }

  /**
   * When member {@code name} first reported its partitions (its first rebalance callback, when it
   * joined the group), micros; -1 if it has not.
   */
  synchronized long firstReportMicros(String name) {
    return firstReportMicros.getOrDefault(name, -1L);
  }

  /** How many partitions each owning member has, largest first: {@code 4/4/4}. */
  synchronized String spread() {
    return byMember.values().stream()
        .filter(set -> !set.isEmpty())
        .map(TreeSet::size)
        .sorted((a, b) -> b - a)
        .map(String::valueOf)
        .collect(Collectors.joining("/"));
  }

  @Override
  public synchronized String toString() {
    return byMember.toString();
  }
}
