package dev.paperboy.benchmarks;

import dev.paperboy.test.EmbeddedKafka;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap benchmark ({@code bench.mode=heap}): does the engine's memory stay flat whatever the
 * lag? Loads one topic per backlog of {@code bench.heapBacklogs} (1,000,000, 5,000,000 and
 * 10,000,000 records of {@code bench.valueBytes}, once each), then lets each variant of {@code
 * bench.heapVariants} (the engine with its default, lag-adaptive options) drain each backlog from
 * the start with no work per record, in a JVM with a fixed heap ({@code bench.heapJvmArgs}, {@code
 * -Xms1g -Xmx1g}: a leak shows as growth, or as an OutOfMemoryError), without warm-up. Prints the
 * sizes side by side: the peak heap after any collection (all heap pools, and the old generation
 * alone, from the collectors' notifications) and the live heap, read after a full collection forced
 * at each twentieth of the backlog ({@code bench.liveHeapSamples}, 19): its peak, median and least.
 * A single sample's live heap depends on what the Kafka client buffers at that moment (one fetch
 * response or two, each up to {@code max.partition.fetch.bytes} per partition): the least is the
 * lower of the two levels, the peak the upper, and the median says which one a pass was caught in
 * more often. With {@code -Dbench.heapHistograms} in {@code bench.heapJvmArgs} each sample's class
 * histogram is written ({@link HeapHistograms}).
 */
final class HeapBacklog {
  private static final Logger log = LoggerFactory.getLogger(HeapBacklog.class);
  static final String LIVE_SAMPLES_PROPERTY = "bench.liveHeapSamples";
  static final String DEFAULT_BACKLOGS = "1000000,5000000,10000000";
  static final String DEFAULT_VARIANTS = "adaptive";
  static final String DEFAULT_JVM_ARGS = "-Xms1g -Xmx1g";
  static final int DEFAULT_LIVE_SAMPLES = 19;

  private HeapBacklog() {}

  static void main() throws Exception {
    BenchmarkConfig base = BenchmarkConfig.fromSystemProperties();
    List<Variant> variants = new ArrayList<>();
    for (String id : BenchmarkConfig.property("bench.heapVariants", DEFAULT_VARIANTS).split(",")) {
      variants.add(Variant.of(id));
    }
    int liveSamples = BenchmarkConfig.intProperty(LIVE_SAMPLES_PROPERTY, DEFAULT_LIVE_SAMPLES);
    List<String> jvmArgs =
        new ArrayList<>(BenchmarkConfig.listProperty("bench.heapJvmArgs", DEFAULT_JVM_ARGS));
    jvmArgs.add("-D" + LIVE_SAMPLES_PROPERTY + "=" + liveSamples);
    Optional<Jdk> java21 = Jdk.java21(base.jdk21());
    BenchmarkConfig config = Benchmark.runnable(base.withVariants(variants), java21);
    List<BenchmarkConfig> backlogs = new ArrayList<>();
    for (String size :
        BenchmarkConfig.property("bench.heapBacklogs", DEFAULT_BACKLOGS).split(",")) {
      backlogs.add(config.withLoad(Integer.parseInt(size.trim().replace("_", "")), 0, jvmArgs));
    }
    Map<BenchmarkConfig, List<RunResult>> results = run(backlogs, config, java21);
    System.out.println();
    System.out.println(table(results, config, jvmArgs, Machine.describe()));
    System.out.flush();
  }

  private static Map<BenchmarkConfig, List<RunResult>> run(
      List<BenchmarkConfig> backlogs, BenchmarkConfig config, Optional<Jdk> java21)
      throws Exception {
    String classPath = System.getProperty("java.class.path");
    try (Broker kafka = BrokerSetup.fromSystemProperties().start()) {
      Map<BenchmarkConfig, Workload> workloads = new LinkedHashMap<>();
      Map<BenchmarkConfig, Totals> expected = new LinkedHashMap<>();
      for (BenchmarkConfig backlog : backlogs) {
        String topic = EmbeddedKafka.uniqueName("heap-" + backlog.records());
        log.info("Loading a backlog of {} records", backlog.records());
        expected.put(backlog, TopicLoader.load(kafka, topic, backlog));
        workloads.put(backlog, backlog.workload(kafka.bootstrapServers(), topic));
      }
      Map<BenchmarkConfig, List<RunResult>> results = new LinkedHashMap<>();
      for (int round = 1; round <= config.rounds(); round++) {
        for (BenchmarkConfig backlog : backlogs) {
          // No warm-up: the question is memory, not speed, and a pass over 5M records is long.
          ForkedRun forked =
              new ForkedRun(
                  backlog.jvmArgs(), classPath, config.runTimeout(), 0, java21, kafka.pid());
          for (Variant variant : Variant.order(config.variants(), round)) {
            QuietGate.await(config.quietWait(), kafka.pid());
            String group = EmbeddedKafka.uniqueName("heap-" + variant.id());
            Measurement measurement = forked.run(variant, workloads.get(backlog), group);
            RunResult result =
                Benchmark.checked(
                    new RunResult(round, variant, measurement), expected.get(backlog));
            results.computeIfAbsent(backlog, b -> new ArrayList<>()).add(result);
          }
        }
      }
      return results;
    }
  }

  static String table(
      Map<BenchmarkConfig, List<RunResult>> results,
      BenchmarkConfig config,
      List<String> jvmArgs,
      String machine) {
    List<BenchmarkConfig> backlogs = new ArrayList<>(results.keySet());
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Machine: %s%nHeap: backlogs of %d-byte values on %d partitions, drained from the"
                + " start with no work per record, each in a JVM of its own (%s), no warm-up; %d"
                + " round(s); peaks are the largest over rounds, medians the median of the"
                + " rounds', least the least. A live sample holds one or two Kafka fetch responses"
                + " (up to max.partition.fetch.bytes per partition each): the least and the peak"
                + " are those two levels, the median says which one a pass was in more often."
                + " Issue 10: peak heap after GC flat from the smallest to the largest backlog.%n",
            machine,
            config.valueBytes(),
            config.partitions(),
            String.join(" ", jvmArgs),
            config.rounds()));
    for (Variant variant : config.variants()) {
      out.append('\n').append("Variant ").append(variant.id()).append("\n\n| Measure");
      backlogs.forEach(b -> out.append(String.format(Locale.ROOT, " | %,d records", b.records())));
      out.append(" | Largest / smallest |\n|---");
      backlogs.forEach(b -> out.append("|---:"));
      out.append("|---:|\n");
      row(
          out,
          "Median records/s",
          results,
          variant,
          m -> Math.round(m.recordsPerSecond()),
          Fold.MEDIAN);
      row(
          out,
          "Peak heap after GC (all heap pools)",
          results,
          variant,
          Measurement::peakHeapAfterGcBytes,
          Fold.PEAK_BYTES);
      row(
          out,
          "Peak old gen after GC",
          results,
          variant,
          Measurement::peakOldAfterGcBytes,
          Fold.PEAK_BYTES);
      row(
          out,
          "Live heap after a forced full GC: peak",
          results,
          variant,
          Measurement::peakLiveBytes,
          Fold.PEAK_BYTES);
      row(
          out,
          "Live heap after a forced full GC: median",
          results,
          variant,
          Measurement::medianLiveBytes,
          Fold.MEDIAN_BYTES);
      row(
          out,
          "Live heap after a forced full GC: least",
          results,
          variant,
          Measurement::leastLiveBytes,
          Fold.LEAST_BYTES);
      row(
          out,
          "Peak heap (10 ms samples)",
          results,
          variant,
          Measurement::peakHeapBytes,
          Fold.PEAK_BYTES);
      row(
          out,
          "Collections in the pass (most)",
          results,
          variant,
          Measurement::collections,
          Fold.PEAK);
    }
    return out.toString();
  }

  /** How a row folds a backlog's rounds into one figure, and whether it is a size in bytes. */
  private enum Fold {
    PEAK,
    MEDIAN,
    PEAK_BYTES,
    MEDIAN_BYTES,
    LEAST_BYTES;

    long of(List<Long> rounds) {
      return switch (this) {
        case PEAK, PEAK_BYTES -> rounds.stream().mapToLong(Long::longValue).max().orElse(-1);
        case LEAST_BYTES -> rounds.stream().mapToLong(Long::longValue).min().orElse(-1);
        case MEDIAN, MEDIAN_BYTES ->
            Math.round(ResultTable.median(rounds.stream().map(Long::doubleValue).toList()));
      };
    }

    boolean bytes() {
      return this == PEAK_BYTES || this == MEDIAN_BYTES || this == LEAST_BYTES;
    }
  }

  /**
   * One measure per backlog, its rounds folded by {@code fold}: the largest over rounds for peaks,
   * the least for least values, the median for medians and records/s.
   */
  private static void row(
      StringBuilder out,
      String measure,
      Map<BenchmarkConfig, List<RunResult>> results,
      Variant variant,
      ToLongFunction<Measurement> value,
      Fold fold) {
    out.append("| ").append(measure);
    List<Long> values = new ArrayList<>();
    for (List<RunResult> runs : results.values()) {
      List<Long> rounds =
          runs.stream()
              .filter(r -> r.variant() == variant)
              .map(r -> value.applyAsLong(r.measurement()))
              .toList();
      long v = rounds.isEmpty() ? -1 : fold.of(rounds);
      values.add(v);
      out.append(" | ")
          .append(
              v < 0 ? "n/a" : fold.bytes() ? megabytes(v) : String.format(Locale.ROOT, "%,d", v));
    }
    long first = values.get(0);
    long last = values.get(values.size() - 1);
    out.append(
        first <= 0 || last < 0
            ? " | n/a |\n"
            : String.format(Locale.ROOT, " | %.2f |%n", last / (double) first));
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
