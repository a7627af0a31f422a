package dev.paperboy.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's Java threads, grouped by name with digits folded ({@code
 * paperboy-handler-#}), and what the JVM's own threads (GC, JIT compilers) used: the process's CPU
 * time minus the Java threads'. With the collections and JIT compilation time of the same period,
 * and what the scheduler did with every thread ({@link SchedulerStats}). For {@code
 * -Dbench.consumerStats=true}: which threads a variant keeps busy.
 */
final class ThreadCpu {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> startById = new HashMap<>();
  private final long processStart = RunSampler.processCpuNanos();
  private final long gcCountStart = gcCount();
  private final long gcMillisStart = gcMillis();
  private final long jitMillisStart = jitMillis();
  private final SchedulerStats scheduler = new SchedulerStats();

  /** Starts counting from now. */
  ThreadCpu() {
    for (long id : threads.getAllThreadIds()) {
      startById.put(id, cpu(id));
    }
  }

  /** CPU milliseconds per thread group since construction, GC and JIT, as text. */
  String report() {
    String scheduled = scheduler.report();
    Map<String, Long> byGroup = new TreeMap<>();
    long javaNanos = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long used = cpu(info.getThreadId()) - startById.getOrDefault(info.getThreadId(), 0L);
      byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "#"), used, Long::sum);
      javaNanos += used;
    }
    StringBuilder out = new StringBuilder("CPU ms by thread:");
    byGroup.forEach(
        (group, nanos) -> {
          if (nanos >= 1_000_000) {
            out.append(' ').append(group).append('=').append(nanos / 1_000_000);
          }
        });
    long processNanos = RunSampler.processCpuNanos() - processStart;
    return out.append(
            String.format(
                Locale.ROOT,
                "; JVM threads (GC, JIT, ended threads) %d ms; %d GCs taking %d ms; JIT"
                    + " compiling %d ms",
                (processNanos - javaNanos) / 1_000_000,
                gcCount() - gcCountStart,
                gcMillis() - gcMillisStart,
                jitMillis() - jitMillisStart))
        .append(scheduled.isEmpty() ? "" : "; " + scheduled)
        .toString();
  }

  /** CPU nanoseconds of one thread; zero if it ended. */
  private long cpu(long id) {
    return Math.max(0, threads.getThreadCpuTime(id));
  }

  private static long gcCount() {
    long count = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
    }
    return count;
  }

  private static long gcMillis() {
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      millis += Math.max(0, gc.getCollectionTime());
    }
    return millis;
  }

  private static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }
}
