package dev.paperboy.benchmarks;

import java.util.List;
import java.util.Locale;

/** Renders the scale-out benchmark's outcomes as Markdown: exactly-once, then phase by phase. */
final class ScaleOutTable {
  private ScaleOutTable() {}

  static String markdown(
      List<ScaleOut.Outcome> outcomes, ScaleOut.Settings settings, String machine) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Machine: %s%nScale-out: %d partitions, %,d records/s of %d bytes, members are"
                + " Paperboy engines with default options, each in a JVM of its own (%s), %d s"
                + " between events; settled = every partition owned once and no change for %d"
                + " ms.%n%n",
            machine,
            settings.partitions(),
            settings.rate(),
            settings.valueBytes(),
            String.join(" ", settings.jvmArgs()),
            settings.steady().toSeconds(),
            ScaleOut.QUIET_MILLIS));
    out.append(
        "| Protocol | Produced | Handled | Missing | Duplicates | Sends not acknowledged | Failure |\n");
    out.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (ScaleOut.Outcome outcome : outcomes) {
      HandlingGaps gaps = outcome.gaps();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s | %s | %s | %,d | %s |%n",
              outcome.protocol().id(),
              outcome.produced(),
              gaps == null ? "n/a" : String.format(Locale.ROOT, "%,d", gaps.handled()),
              gaps == null ? "n/a" : String.format(Locale.ROOT, "%,d", gaps.missing()),
              gaps == null ? "n/a" : String.format(Locale.ROOT, "%,d", gaps.duplicates()),
              outcome.failedSends(),
              outcome.failure() == null ? "" : outcome.failure()));
    }
    out.append('\n');
    out.append("| Protocol | Phase | Spread | Joined after | Settled after")
        .append(" | Longest pause, whole group | Longest pause, one partition |\n");
    out.append("|---|---|---|---:|---:|---:|---:|\n");
    for (ScaleOut.Outcome outcome : outcomes) {
      for (ScaleOut.Phase phase : outcome.phases()) {
        HandlingGaps gaps = outcome.gaps();
        String group = "n/a";
        String partition = "n/a";
        if (gaps != null) {
          group =
              gaps.groupGap(phase.windowFromMicros(), phase.windowToMicros(), phase.baseline())
                      .millis()
                  + " ms";
          HandlingGaps.Gap worst =
              gaps.partitionGap(phase.windowFromMicros(), phase.windowToMicros(), phase.baseline());
          partition = worst.millis() + " ms (p" + worst.partition() + ")";
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %,d ms | %s | %s |%n",
                outcome.protocol().id(),
                phase.name(),
                phase.spread(),
                phase.memberJoinedMicros() < 0
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        "%,d ms",
                        (phase.memberJoinedMicros() - phase.eventMicros()) / 1_000),
                (phase.settledMicros() - phase.eventMicros()) / 1_000,
                group,
                partition));
      }
    }
    out.append(
        "\nSettled after: from the event (the last of the first three engines started, the 4th"
            + " engine started in its JVM, close() asked of m1) until the last change of any"
            + " member's partitions; joined after: until the new member's first rebalance callback"
            + " (it is in the group). Pauses: the longest time without a handled record, in the whole"
            + " group and in any one partition, that ended between the event and the next one; for"
            + " the steady phase (a baseline) wholly between the group settling (plus 2 s quiet)"
            + " and the 4th member's start.");
    return out.toString();
  }
}
