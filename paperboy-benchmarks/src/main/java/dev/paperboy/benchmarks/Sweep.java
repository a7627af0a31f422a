package dev.paperboy.benchmarks;

import dev.paperboy.test.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep of simulated I/O per record ({@code bench.mode=sweep}): the variants of {@code
 * bench.sweepVariants} (partition order, {@code single} and {@code adaptive}, against key order,
 * {@code key}) at every level of {@code bench.sweepWorkMicros} (0, 0.1 ms, 1 ms, 10 ms), each level
 * on a topic of its own, loaded once. Rounds interleave levels and variants. Prints one table:
 * records/s and the ratio to the ideal, (records in handling at once) x (1 s / work).
 *
 * <p>Records per level: {@code min(bench.records, bench.sweepWorkSeconds / work)}, so that one pass
 * holds at most {@code bench.sweepWorkSeconds} (200) s of handler work: 200,000 records at 1 ms,
 * 20,000 at 10 ms. Partition order spreads it over the 6 partitions (about 33 s a pass), key order
 * over 64 records in flight (about 3 s).
 */
final class Sweep {
  private static final Logger log = LoggerFactory.getLogger(Sweep.class);
  static final String DEFAULT_VARIANTS = "single,adaptive,key";
  static final String DEFAULT_WORK_MICROS = "0,100,1000,10000";
  static final int DEFAULT_WORK_SECONDS = 200;

  /** One level of work per record, with its own record count and topic. */
  private record Level(long workMicros, BenchmarkConfig config) {}

  private Sweep() {}

  static void main() throws Exception {
    BenchmarkConfig base = BenchmarkConfig.fromSystemProperties();
    List<Variant> variants = new ArrayList<>();
    for (String id : BenchmarkConfig.property("bench.sweepVariants", DEFAULT_VARIANTS).split(",")) {
      variants.add(Variant.of(id));
    }
    int workSeconds = BenchmarkConfig.intProperty("bench.sweepWorkSeconds", DEFAULT_WORK_SECONDS);
    Optional<Jdk> java21 = Jdk.java21(base.jdk21());
    BenchmarkConfig config = Benchmark.runnable(base.withVariants(variants), java21);
    List<Level> levels = new ArrayList<>();
    for (String micros :
        BenchmarkConfig.property("bench.sweepWorkMicros", DEFAULT_WORK_MICROS).split(",")) {
      long work = Long.parseLong(micros.trim());
      int records = recordsFor(config.records(), work, workSeconds);
      levels.add(new Level(work, config.withLoad(records, work, config.jvmArgs())));
    }
    Map<Level, List<RunResult>> results = run(levels, config, java21);
    System.out.println();
    System.out.println(table(results, config, workSeconds, Machine.describe()));
    System.out.println(Benchmark.jvmNote(base.withVariants(variants), config, java21));
    System.out.flush();
  }

  /** The records of a level: all of {@code cap}, or what holds {@code workSeconds} of work. */
  static int recordsFor(int cap, long workMicros, int workSeconds) {
    if (workMicros == 0) {
      return cap;
    }
    return (int) Math.max(1, Math.min(cap, workSeconds * 1_000_000L / workMicros));
  }

  private static Map<Level, List<RunResult>> run(
      List<Level> levels, BenchmarkConfig config, Optional<Jdk> java21) throws Exception {
    String classPath = System.getProperty("java.class.path");
    long began = System.nanoTime();
    try (Broker kafka = BrokerSetup.fromSystemProperties().start()) {
      Map<Level, Workload> workloads = new LinkedHashMap<>();
      Map<Level, Totals> expected = new LinkedHashMap<>();
      for (Level level : levels) {
        String topic = EmbeddedKafka.uniqueName("sweep-" + level.workMicros() + "us");
        log.info(
            "Loading {} records ({} keys) for {} µs per record",
            level.config().records(),
            level.config().keys(),
            level.workMicros());
        expected.put(level, TopicLoader.load(kafka, topic, level.config()));
        workloads.put(level, level.config().workload(kafka.bootstrapServers(), topic));
      }
      Level first = levels.get(0);
      Benchmark.warmUpBroker(kafka, workloads.get(first).topic(), first.config());
      Map<Level, List<RunResult>> results = new LinkedHashMap<>();
      for (int round = 1; round <= config.rounds(); round++) {
        for (Level level : levels) {
          ForkedRun forked =
              new ForkedRun(
                  config.jvmArgs(),
                  classPath,
                  timeoutOf(level, config),
                  config.warmupPasses(),
                  java21,
                  kafka.pid());
          for (Variant variant : Variant.order(config.variants(), round)) {
            QuietGate.await(config.quietWait(), kafka.pid());
            String group = EmbeddedKafka.uniqueName("sweep-" + variant.id());
            Measurement measurement = forked.run(variant, workloads.get(level), group);
            RunResult result =
                Benchmark.checked(new RunResult(round, variant, measurement), expected.get(level));
            results.computeIfAbsent(level, l -> new ArrayList<>()).add(result);
          }
        }
      }
      log.info("Sweep done in {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
      return results;
    }
  }

  /**
   * The run timeout of a level: the configured one, or four times the least time the slowest
   * variant needs (its records x work over its concurrency), whichever is longer.
   */
  private static Duration timeoutOf(Level level, BenchmarkConfig config) {
    Workload workload = level.config().workload("", "");
    int least = config.variants().stream().mapToInt(v -> v.concurrency(workload)).min().orElse(1);
    long seconds = 4 * level.config().records() * level.workMicros() / least / 1_000_000L;
    return config.runTimeout().compareTo(Duration.ofSeconds(seconds)) >= 0
        ? config.runTimeout()
        : Duration.ofSeconds(seconds);
  }

  static String table(
      Map<Level, List<RunResult>> results,
      BenchmarkConfig config,
      int workSeconds,
      String machine) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Machine: %s%nSweep: %d-byte values, %d keys on %d partitions; %d round(s); every run in"
                + " a JVM of its own (%s) with %d unmeasured warm-up pass(es). Records per level ="
                + " min(%,d, %d s / work per record). Ideal = in flight x (1 s / work per"
                + " record); \"from the first record\" leaves out the group join and the first"
                + " fetch.%n%n",
            machine,
            config.valueBytes(),
            config.keys(),
            config.partitions(),
            config.rounds(),
            String.join(" ", config.jvmArgs()),
            config.warmupPasses(),
            config.records(),
            workSeconds));
    out.append("| Work per record | Records | Variant | In flight | Ideal records/s")
        .append(" | Median records/s | Median vs ideal | Lowest vs ideal")
        .append(" | Median vs ideal from the first record | Median CPU s")
        .append(" | Most others' CPU |\n");
    out.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    results.forEach(
        (level, runs) -> {
          for (Variant variant : config.variants()) {
            out.append(row(level, variant, runs));
          }
        });
    return out.toString();
  }

  private static String row(Level level, Variant variant, List<RunResult> all) {
    List<RunResult> runs = all.stream().filter(r -> r.variant() == variant).toList();
    int inFlight = variant.concurrency(level.config().workload("", ""));
    double ideal = level.workMicros() == 0 ? Double.NaN : inFlight * 1e6 / level.workMicros();
    List<Double> rates = runs.stream().map(RunResult::recordsPerSecond).toList();
    double median = ResultTable.median(rates);
    double lowest = rates.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double flowing =
        ResultTable.median(
            runs.stream().map(r -> r.measurement().flowingRecordsPerSecond()).toList());
    double cpu =
        ResultTable.median(runs.stream().map(r -> (double) r.measurement().cpuNanos()).toList());
    double others =
        runs.stream()
            .mapToDouble(r -> r.measurement().othersCpuShare())
            .filter(v -> !Double.isNaN(v))
            .max()
            .orElse(Double.NaN);
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %s | %d | %s | %,.0f | %s | %s | %s | %s | %s |%n",
        work(level.workMicros()),
        level.config().records(),
        variant.id(),
        inFlight,
        Double.isNaN(ideal) ? "n/a (no work)" : String.format(Locale.ROOT, "%,.0f", ideal),
        median,
        fraction(median / ideal),
        fraction(lowest / ideal),
        fraction(flowing / ideal),
        Double.isNaN(cpu) || cpu < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", cpu / 1e9),
        Double.isNaN(others) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", others * 100));
  }

  private static String work(long micros) {
    if (micros == 0) {
      return "0";
    }
    if (micros < 1000) {
      return micros + " µs";
    }
    return (micros % 1000 == 0 ? Long.toString(micros / 1000) : Double.toString(micros / 1e3))
        + " ms";
  }

  private static String fraction(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }
}
