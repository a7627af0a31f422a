package dev.paperboy.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Renders results as Markdown: every run, with its ratio to the raw loop of the same round, then a
 * summary per variant: medians over rounds, the worst ratio, the median over quiet rounds only
 * (where other processes took under {@link #QUIET_SHARE} of the machine during both runs compared),
 * and the target the variant is held to.
 */
final class ResultTable {
  /** The least median ratio to the raw loop each Paperboy variant should reach (issue 10). */
  static final Map<Variant, Double> TARGETS = Map.of(Variant.SINGLE, 0.95, Variant.BULK, 0.97);

  /** Under simulated I/O, the least median ratio of {@code key} to its ideal (issue 10). */
  static final double KEY_IDEAL_TARGET = 0.80;

  /** Other processes' share of the machine under which a run counts as undisturbed. */
  static final double QUIET_SHARE = 0.20;

  private ResultTable() {}

  /**
   * The tables of a run; {@code broker} says where the broker ran ({@link Broker#describe()}),
   * which is whose CPU the "Broker CPU s" columns show.
   */
  static String markdown(
      List<RunResult> results, BenchmarkConfig config, String machine, String broker) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Machine: %s%nBroker: %s%nLoad: %,d records of %d bytes on %d partitions; %d round(s);"
                + " every run in a JVM of its own (%s) with %d unmeasured warm-up pass(es)%n%n",
            machine,
            broker,
            config.records(),
            config.valueBytes(),
            config.partitions(),
            config.rounds(),
            String.join(" ", config.jvmArgs()),
            config.warmupPasses()));
    out.append(
            "| Round | Variant | Records/s | vs raw | Seconds | CPU s | Broker CPU s | Peak heap")
        .append(" | Peak heap after GC | Others' CPU |\n");
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RunResult result : results) {
      Measurement m = result.measurement();
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %,.0f | %s | %.2f | %s | %s | %s | %s | %s |%n",
              result.round(),
              result.variant().id(),
              m.recordsPerSecond(),
              ratio(ratioToRaw(result, results)),
              m.elapsedNanos() / 1e9,
              seconds(m.cpuNanos()),
              seconds(m.brokerCpuNanos()),
              megabytes(m.peakHeapBytes()),
              megabytes(m.peakHeapAfterGcBytes()),
              percent(m.othersCpuShare())));
    }
    out.append('\n');
    out.append("| Variant | Median records/s | Median vs raw | Lowest vs raw")
        .append(" | Median vs raw, quiet rounds | Target | Median CPU s | Median broker CPU s")
        .append(" | Max peak heap | Max peak heap after GC |\n");
    out.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (Variant variant : config.variants()) {
      out.append(summaryRow(variant, results));
    }
    if (config.workMicros() > 0) {
      out.append('\n').append(ioBound(results, config));
    }
    return out.toString();
  }

  /**
   * Under simulated I/O: each variant against its ideal, (records in handling at once) x (1 s /
   * work per record), and against the Parallel Consumer at equal concurrency in the same round.
   */
  static String ioBound(List<RunResult> results, BenchmarkConfig config) {
    Workload workload = config.workload("", "");
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "I/O-bound: %d µs per record, %d keys; ideal = in flight x %,.0f records/s; \"from"
                + " the first record\" leaves out the group join and the first fetch%n%n",
            config.workMicros(),
            config.keys(),
            1e6 / config.workMicros()));
    out.append("| Variant | In flight | Ideal records/s | Median records/s | Median vs ideal")
        .append(" | Median vs ideal from the first record | Median vs pc-key, same round")
        .append(" | Target |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Variant variant : config.variants()) {
      List<RunResult> runs = results.stream().filter(r -> r.variant() == variant).toList();
      int inFlight = variant.concurrency(workload);
      double ideal = inFlight * 1e6 / config.workMicros();
      double median = median(collect(runs, RunResult::recordsPerSecond));
      double flowing = median(collect(runs, r -> r.measurement().flowingRecordsPerSecond()));
      double vsPc = median(collect(runs, r -> ratioTo(Variant.PC_KEY, r, results)));
      String target = "";
      if (variant == Variant.KEY) {
        target =
            String.format(
                Locale.ROOT,
                ">= %.2f of ideal %s; >= pc-key %s",
                KEY_IDEAL_TARGET,
                median / ideal >= KEY_IDEAL_TARGET ? "met" : "**missed**",
                Double.isNaN(vsPc) ? "(no pc-key run)" : vsPc >= 1 ? "met" : "**missed**");
      } else if (variant == Variant.KEY_VT) {
        target = "reported";
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %,.0f | %,.0f | %s | %s | %s | %s |%n",
              variant.id(),
              inFlight,
              ideal,
              median,
              ratio(median / ideal),
              ratio(flowing / ideal),
              ratio(vsPc),
              target));
    }
    return out.toString();
  }

  /** This run's records/s over {@code other}'s in the same round; NaN without one. */
  static double ratioTo(Variant other, RunResult result, List<RunResult> results) {
    return results.stream()
        .filter(r -> r.round() == result.round() && r.variant() == other)
        .findFirst()
        .map(r -> result.recordsPerSecond() / r.recordsPerSecond())
        .orElse(Double.NaN);
  }

  /** This run's records/s over the raw loop's in the same round; NaN without a raw run. */
  static double ratioToRaw(RunResult result, List<RunResult> results) {
    RunResult raw = rawOfRound(result.round(), results);
    return raw == null ? Double.NaN : result.recordsPerSecond() / raw.recordsPerSecond();
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  private static String summaryRow(Variant variant, List<RunResult> results) {
    List<RunResult> runs = results.stream().filter(r -> r.variant() == variant).toList();
    List<Double> ratios = collect(runs, r -> ratioToRaw(r, results));
    List<Double> quietRatios = new ArrayList<>();
    for (RunResult run : runs) {
      RunResult raw = rawOfRound(run.round(), results);
      if (raw != null && isQuiet(run) && isQuiet(raw)) {
        quietRatios.add(ratioToRaw(run, results));
      }
    }
    double medianRatio = median(ratios);
    return String.format(
        Locale.ROOT,
        "| %s | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
        variant.id(),
        median(collect(runs, RunResult::recordsPerSecond)),
        ratio(medianRatio),
        ratio(ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)),
        quietRatios.isEmpty()
            ? "n/a"
            : ratio(median(quietRatios)) + " (" + quietRatios.size() + ")",
        target(variant, medianRatio),
        seconds(median(collect(runs, r -> (double) r.measurement().cpuNanos()))),
        seconds(median(collect(runs, r -> (double) r.measurement().brokerCpuNanos()))),
        megabytes(runs.stream().mapToLong(r -> r.measurement().peakHeapBytes()).max().orElse(0)),
        megabytes(
            runs.stream().mapToLong(r -> r.measurement().peakHeapAfterGcBytes()).max().orElse(0)));
  }

  private static RunResult rawOfRound(int round, List<RunResult> results) {
    Predicate<RunResult> raw = r -> r.round() == round && r.variant() == Variant.RAW;
    return results.stream().filter(raw).findFirst().orElse(null);
  }

  private static boolean isQuiet(RunResult run) {
    double share = run.measurement().othersCpuShare();
    return Double.isNaN(share) || share < QUIET_SHARE;
  }

  private static List<Double> collect(List<RunResult> runs, ToDoubleFunction<RunResult> value) {
    List<Double> values = new ArrayList<>();
    runs.forEach(r -> values.add(value.applyAsDouble(r)));
    return values;
  }

  private static String target(Variant variant, double medianRatio) {
    Double target = TARGETS.get(variant);
    if (target == null) {
      return variant == Variant.RAW ? "ceiling" : "";
    }
    if (Double.isNaN(medianRatio)) {
      return String.format(Locale.ROOT, ">= %.2f (no raw run)", target);
    }
    return String.format(
        Locale.ROOT, ">= %.2f %s", target, medianRatio >= target ? "met" : "**missed**");
  }

  private static String ratio(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  private static String seconds(double nanos) {
    return nanos < 0 || Double.isNaN(nanos)
        ? "n/a"
        : String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", Math.round(bytes / (1024.0 * 1024.0)));
  }
}
