package dev.paperboy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the kernel's scheduler did with this JVM's threads, Java threads and the JVM's own (GC, JIT
 * compilers) alike, grouped by the kernel's thread name with digits folded: CPU time, time spent
 * runnable but waiting for a core ({@code /proc/self/task/<tid>/schedstat}), and voluntary and
 * forced context switches ({@code status}). For {@code -Dbench.consumerStats=true} on Linux: a
 * thread that waits for a core is the sign of a machine with too few cores for what runs on it,
 * where CPU time alone does not show why a pass took longer. Threads that ended before the report
 * are gone from {@code /proc} and not counted. Elsewhere the report is empty.
 */
final class SchedulerStats {
  private static final Path TASKS = Path.of("/proc/self/task");

  private final Map<String, long[]> startByTask = snapshot();

  /** The counters per thread group since construction, as text; empty without {@code /proc}. */
  String report() {
    Map<String, long[]> now = snapshot();
    if (now.isEmpty()) {
      return "";
    }
    Map<String, long[]> byGroup = new TreeMap<>();
    now.forEach(
        (task, counters) -> {
          long[] before = startByTask.getOrDefault(task, new long[counters.length]);
          long[] sum = byGroup.computeIfAbsent(groupOf(task), group -> new long[counters.length]);
          for (int i = 0; i < counters.length; i++) {
            sum[i] += counters[i] - before[i];
          }
        });
    StringBuilder out =
        new StringBuilder(
            "scheduler, by thread (CPU ms / waiting for a core ms / switches"
                + " voluntary+forced):");
    byGroup.forEach(
        (group, c) -> {
          if (c[0] >= 1_000_000 || c[1] >= 1_000_000) {
            out.append(' ')
                .append(group)
                .append('=')
                .append(c[0] / 1_000_000)
                .append('/')
                .append(c[1] / 1_000_000)
                .append('/')
                .append(c[2])
                .append('+')
                .append(c[3]);
          }
        });
    return out.toString();
  }

  /** The kernel's name of a task key ({@code tid:name}), digits folded. */
  private static String groupOf(String task) {
    return task.substring(task.indexOf(':') + 1).replaceAll("[0-9]+", "#");
  }

  /** Counters by {@code tid:name}: CPU ns, run-queue wait ns, voluntary and forced switches. */
  private static Map<String, long[]> snapshot() {
    Map<String, long[]> tasks = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return tasks;
    }
    try (Stream<Path> list = Files.list(TASKS)) {
      list.forEach(
          dir -> {
            try {
              String name = Files.readString(dir.resolve("comm")).trim();
              String[] sched = Files.readString(dir.resolve("schedstat")).trim().split(" ");
              long voluntary = 0;
              long forced = 0;
              for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                  voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                  forced = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
              }
              tasks.put(
                  dir.getFileName() + ":" + name,
                  new long[] {
                    Long.parseLong(sched[0]), Long.parseLong(sched[1]), voluntary, forced
                  });
            } catch (IOException | RuntimeException e) {
              // the thread ended while it was read: it counts no more
            }
          });
    } catch (IOException e) {
      return tasks;
    }
    return tasks;
  }
}
