package dev.paperboy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchmarkTest {

  @Test
  void everyVariantCountsEveryRecordWithTheSameChecksum() throws Exception {
    BenchmarkConfig config =
        new BenchmarkConfig(
            20_000,
            100,
            6,
            1_000,
            0,
            1,
            List.of(Variant.values()),
            Duration.ofSeconds(60),
            1,
            1,
            Duration.ZERO,
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
            64,
            1_000,
            "");
    BenchmarkConfig runnable = Benchmark.runnable(config, Jdk.java21(""));

    List<RunResult> results;
    try (Broker broker = BrokerSetup.EMBEDDED.start()) {
      results = Benchmark.run(runnable, System.getProperty("java.class.path"), broker);
    }

    assertThat(results)
        .extracting(RunResult::variant)
        .containsExactlyInAnyOrderElementsOf(runnable.variants());
    assertThat(results)
        .allSatisfy(r -> assertThat(r.measurement().totals().count()).isEqualTo(20_000))
        .extracting(r -> r.measurement().totals().checksum())
        .containsOnly(results.get(0).measurement().totals().checksum());
    assertThat(results)
        .allSatisfy(r -> assertThat(r.measurement().elapsedNanos()).isPositive())
        .allSatisfy(r -> assertThat(r.measurement().peakHeapBytes()).isPositive());
    assertThat(ResultTable.markdown(results, config, Machine.describe(), "embedded"))
        .contains("| 1 | raw |", "| 1 | single |", "| 1 | bulk |", "| 1 | adaptive |")
        .contains("| 1 | spring-record |", "| 1 | spring-batch |", "| 1 | pc-key |")
        .contains("| 1 | key |");
  }

  @Test
  void variantsAreNamedByTheirIds() {
    List<String> ids =
        List.of(
            "raw", "single", "bulk", "adaptive", "key", "key-vt", "spring-record", "spring-batch");

    List<Variant> variants = ids.stream().map(Variant::of).toList();

    assertThat(variants).extracting(Variant::id).containsExactlyElementsOf(ids);
    assertThat(Variant.of(" PC-KEY ")).isEqualTo(Variant.PC_KEY);
    assertThat(Variant.ids()).isEqualTo(String.join(",", ids) + ",pc-key");
  }

  @Test
  void variantsNeedingJava21AreSkippedWithoutOne() {
    BenchmarkConfig config =
        new BenchmarkConfig(
            1,
            100,
            6,
            0,
            0,
            1,
            List.of(Variant.SINGLE, Variant.KEY_VT),
            Duration.ofSeconds(1),
            0,
            0,
            Duration.ZERO,
            List.of(),
            64,
            1_000,
            "");

    BenchmarkConfig runnable = Benchmark.runnable(config, Optional.empty());

    assertThat(runnable.variants()).containsExactly(Variant.SINGLE);
    assertThat(Benchmark.jvmNote(config, runnable, Optional.empty()))
        .contains("key-vt skipped (no Java 21+, see bench.jdk21)");
  }

  @Test
  void keyOrderedVariantsRunAsManyRecordsAsTheyMayAtOnce() {
    Workload keyed = new Workload("", "", 6, 1_000, 1, IoWait.NONE, 64, 1_000);
    Workload unkeyed = new Workload("", "", 6, 0, 1, IoWait.NONE, 64, 1_000);

    assertThat(Variant.KEY.concurrency(keyed)).isEqualTo(64);
    assertThat(Variant.PC_KEY.concurrency(keyed)).isEqualTo(64);
    assertThat(Variant.KEY_VT.concurrency(keyed)).isEqualTo(1_000);
    assertThat(Variant.SINGLE.concurrency(keyed)).isEqualTo(6);
    assertThat(Variant.SPRING_RECORD.concurrency(keyed)).isEqualTo(6);
    assertThat(Variant.PC_KEY.concurrency(unkeyed)).isEqualTo(6);
    assertThat(Variant.KEY.concurrency(unkeyed)).isEqualTo(64);
  }

  @Test
  void ioWaitWaitsAtLeastItsTime() {
    IoWait underAMillisecond = new IoWait(300);
    IoWait overAMillisecond = new IoWait(1_500);

    long shortWait = nanosOf(underAMillisecond::await);
    long longWait = nanosOf(overAMillisecond::await);

    assertThat(shortWait).isGreaterThanOrEqualTo(300_000);
    assertThat(longWait).isGreaterThanOrEqualTo(1_500_000);
  }

  private static long nanosOf(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return System.nanoTime() - start;
  }

  @Test
  void roundsRotateTheOrderOfVariants() {
    List<Variant> all = List.of(Variant.RAW, Variant.SINGLE, Variant.BULK);

    List<List<Variant>> orders =
        List.of(Variant.order(all, 1), Variant.order(all, 2), Variant.order(all, 3));

    assertThat(orders)
        .containsExactly(
            List.of(Variant.RAW, Variant.SINGLE, Variant.BULK),
            List.of(Variant.SINGLE, Variant.BULK, Variant.RAW),
            List.of(Variant.BULK, Variant.RAW, Variant.SINGLE));
  }
}
