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
  /** The least median ratio to the raw loop each Paperboy variant should reach. */
  static final Map<Variant, Double> TARGETS = Map.of(Variant.SINGLE, 0.90, Variant.BULK, 0.95);

  /** Other processes' share of the machine under which a run counts as undisturbed. */
  static final double QUIET_SHARE = 0.20;

  private ResultTable() {}

  static String markdown(List<RunResult> results, BenchmarkConfig config, String machine) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Machine: %s%nLoad: %,d records of %d bytes on %d partitions; %d round(s); every run in"
                + " a JVM of its own (%s) with %d unmeasured warm-up pass(es)%n%n",
            machine,
            config.records(),
            config.valueBytes(),
            config.partitions(),
            config.rounds(),
            String.join(" ", config.jvmArgs()),
            config.warmupPasses()));
    out.append("| Round | Variant | Records/s | vs raw | Seconds | CPU s | Peak heap")
        .append(" | Peak heap after GC | Others' CPU |\n");
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RunResult result : results) {
      Measurement m = result.measurement();
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %,.0f | %s | %.2f | %s | %s | %s | %s |%n",
              result.round(),
              result.variant().id(),
              m.recordsPerSecond(),
              ratio(ratioToRaw(result, results)),
              m.elapsedNanos() / 1e9,
              seconds(m.cpuNanos()),
              megabytes(m.peakHeapBytes()),
              megabytes(m.peakHeapAfterGcBytes()),
              percent(m.othersCpuShare())));
    }
    out.append('\n');
    out.append("| Variant | Median records/s | Median vs raw | Lowest vs raw")
        .append(" | Median vs raw, quiet rounds | Target | Median CPU s | Max peak heap")
        .append(" | Max peak heap after GC |\n");
    out.append("|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (Variant variant : config.variants()) {
      out.append(summaryRow(variant, results));
    }
    return out.toString();
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
        "| %s | %,.0f | %s | %s | %s | %s | %s | %s | %s |%n",
        variant.id(),
        median(collect(runs, RunResult::recordsPerSecond)),
        ratio(medianRatio),
        ratio(ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)),
        quietRatios.isEmpty()
            ? "n/a"
            : ratio(median(quietRatios)) + " (" + quietRatios.size() + ")",
        target(variant, medianRatio),
        seconds(median(collect(runs, r -> (double) r.measurement().cpuNanos()))),
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
