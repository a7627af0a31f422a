package dev.paperboy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapBacklogTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void liveHeapMedianAndLeastCrossFromTheMeasuredJvm() {
    Measurement measured = measurement(24 * MIB, 18 * MIB, 16 * MIB);

    Measurement parsed = Measurement.parse(List.of("log line", measured.toLine()));

    assertThat(parsed).isEqualTo(measured);
  }

  @Test
  void tableFoldsRoundsIntoPeakMedianAndLeastOfTheLiveHeap() {
    BenchmarkConfig config = config();
    Map<BenchmarkConfig, List<RunResult>> results = new LinkedHashMap<>();
    results.put(
        config.withLoad(1_000_000, 0, List.of()),
        List.of(
            new RunResult(1, Variant.ADAPTIVE, measurement(24 * MIB, 18 * MIB, 16 * MIB)),
            new RunResult(2, Variant.ADAPTIVE, measurement(20 * MIB, 17 * MIB, 15 * MIB)),
            new RunResult(3, Variant.ADAPTIVE, measurement(25 * MIB, 19 * MIB, 17 * MIB))));
    results.put(
        config.withLoad(5_000_000, 0, List.of()),
        List.of(
            new RunResult(1, Variant.ADAPTIVE, measurement(27 * MIB, 18 * MIB, 16 * MIB)),
            new RunResult(2, Variant.ADAPTIVE, measurement(26 * MIB, 18 * MIB, 14 * MIB)),
            new RunResult(3, Variant.ADAPTIVE, measurement(24 * MIB, 20 * MIB, 16 * MIB))));

    String table = HeapBacklog.table(results, config, List.of("-Xmx1g"), "test machine");

    assertThat(table)
        .contains("| Live heap after a forced full GC: peak | 25.0 MB | 27.0 MB | 1.08 |")
        .contains("| Live heap after a forced full GC: median | 18.0 MB | 18.0 MB | 1.00 |")
        .contains("| Live heap after a forced full GC: least | 15.0 MB | 14.0 MB | 0.93 |");
  }

  private static Measurement measurement(long peakLive, long medianLive, long leastLive) {
    return new Measurement(
        new Totals(1_000_000, 42),
        1_000_000_000L,
        2_000_000_000L,
        300 * MIB,
        peakLive,
        0.01,
        peakLive,
        peakLive,
        20,
        100_000_000L,
        500_000_000L,
        medianLive,
        leastLive,
        -1,
        -1);
  }

  private static BenchmarkConfig config() {
    return new BenchmarkConfig(
        1_000_000,
        100,
        6,
        0,
        0,
        3,
        List.of(Variant.ADAPTIVE),
        Duration.ofSeconds(300),
        0,
        0,
        Duration.ZERO,
        List.of("-Xmx1g"),
        64,
        1_000,
        "");
  }
}
