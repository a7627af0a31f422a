package dev.paperboy.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a run, waits (at most a configured time) until other processes leave the machine mostly
 * idle, measured over one-second windows: on a shared machine a build next door would otherwise
 * decide the result. Gives up with a warning, since the run table reports the others' share anyway.
 */
final class QuietGate {
  private static final Logger log = LoggerFactory.getLogger(QuietGate.class);
  private static final double QUIET_SHARE = 0.25;
  private static final long WINDOW_MS = 1_000;

  private QuietGate() {}

  /**
   * Waits for a quiet window, counting this JVM and the broker's process as own; returns at once if
   * {@code maxWait} is zero.
   */
  static void await(Duration maxWait, long brokerPid) throws InterruptedException {
    if (maxWait.isZero()) {
      return;
    }
    long self = ProcessHandle.current().pid();
    List<Long> own = brokerPid == self ? List.of(self) : List.of(self, brokerPid);
    long deadline = System.nanoTime() + maxWait.toNanos();
    double share;
    do {
      MachineCpu before = MachineCpu.take(own);
      TimeUnit.MILLISECONDS.sleep(WINDOW_MS);
      share = MachineCpu.take(own).othersShareSince(before);
      if (Double.isNaN(share) || share < QUIET_SHARE) {
        return;
      }
    } while (System.nanoTime() - deadline < 0);
    log.warn(
        "Other processes still use {}% of the machine after waiting {} s; running anyway",
        String.format(Locale.ROOT, "%.0f", share * 100), maxWait.toSeconds());
  }
}
