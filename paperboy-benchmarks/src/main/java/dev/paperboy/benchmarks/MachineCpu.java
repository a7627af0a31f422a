package dev.paperboy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Machine-wide CPU accounting from {@code /proc} (Linux), to tell how much of the machine other
 * processes took while a run was measured: on a shared machine that explains outliers. Elsewhere
 * every snapshot is empty and shares are NaN.
 *
 * @param busyTicks CPU ticks of the whole machine not idle (steal included), since boot
 * @param totalTicks all CPU ticks of the whole machine, since boot
 * @param ownTicks CPU ticks of the processes the snapshot was taken for
 */
record MachineCpu(long busyTicks, long totalTicks, long ownTicks) {
  private static final MachineCpu NONE = new MachineCpu(-1, -1, -1);

  /** Counts now, with {@code pids} as "own" processes (the broker's JVM, the measured one). */
  static MachineCpu take(List<Long> pids) {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i <= 8 && i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      long own = 0;
      for (long pid : pids) {
        own += processTicks(pid);
      }
      return new MachineCpu(total - idle, total, own);
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  /**
   * The share of the machine's CPU (0 to 1) that processes other than the own ones used between
   * {@code earlier} and this snapshot; NaN when unknown.
   */
  double othersShareSince(MachineCpu earlier) {
    long total = totalTicks - earlier.totalTicks;
    if (busyTicks < 0 || earlier.busyTicks < 0 || total <= 0) {
      return Double.NaN;
    }
    long others = (busyTicks - earlier.busyTicks) - (ownTicks - earlier.ownTicks);
    return Math.max(0, (double) others / total);
  }

  private static long processTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command, which is in parentheses and may hold spaces: state is field 3,
    // utime and stime are fields 14 and 15.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
