package dev.paperboy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SchedulerStatsTest {
  @Test
  void reportsTheCpuOfAThreadThatRanSinceItStarted() throws InterruptedException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    SchedulerStats stats = new SchedulerStats();
    CountDownLatch burnt = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    Thread burner =
        new Thread(
            () -> {
              long until = System.nanoTime() + 50_000_000;
              while (System.nanoTime() < until) {
                Thread.onSpinWait();
              }
              burnt.countDown();
              try {
                reported.await(); // a thread that ended is gone from /proc: stay until read
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "burner-7");
    burner.start();
    burnt.await();
    String report;
    try {
      report = stats.report();
    } finally {
      reported.countDown();
      burner.join();
    }

    Matcher counters = Pattern.compile(" burner-#=(\\d+)/(\\d+)/(\\d+)\\+(\\d+)").matcher(report);
    assertThat(counters.find()).as(report).isTrue();
    assertThat(Long.parseLong(counters.group(1))).as(report).isBetween(20L, 5_000L);
  }
}
