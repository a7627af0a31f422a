package dev.paperboy.demo;

import dev.paperboy.ConsumptionMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One look at a running demo, as printed on its status line: throughput, lag, the engine's mode and
 * its last commit.
 *
 * @param now when the numbers were taken
 * @param mode how the engine hands records to handlers now
 * @param perSecond records handled per second, over the last seconds
 * @param handled records handled since the start
 * @param lag records in the topics not handled yet; negative when unknown
 * @param lastCommit when the engine's last commit was acknowledged; {@code null} before the first
 * @param committed the committed offsets of all partitions, added up
 */
record StatusLine(
    Instant now,
    ConsumptionMode mode,
    double perSecond,
    long handled,
    long lag,
    Instant lastCommit,
    long committed) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  /** The line, without a line break. */
  String render() {
    String commit =
        lastCommit == null
            ? "none yet"
            : time(lastCommit) + " (" + String.format(Locale.ROOT, "%,d", committed) + " offsets)";
    return String.format(
        Locale.ROOT,
        "%s  %-6s %9s rec/s  lag %9s  eta %6s  handled %,9d  last commit %s",
        time(now),
        mode,
        String.format(Locale.ROOT, "%,.0f", perSecond),
        lag < 0 ? "?" : String.format(Locale.ROOT, "%,d", lag),
        eta(),
        handled,
        commit);
  }

  /**
   * How long until the lag is gone at the current pace: the lag divided by the records handled per
   * second; "0 s" without lag, "?" while the lag is unknown or nothing is being handled.
   */
  String eta() {
    if (lag == 0) {
      return "0 s";
    }
    if (lag < 0 || perSecond <= 0) {
      return "?";
    }
    double seconds = lag / perSecond;
    return seconds < 100
        ? String.format(Locale.ROOT, "%.1f s", seconds)
        : String.format(Locale.ROOT, "%,.0f s", seconds);
  }

  /** {@code instant} as a local wall-clock time, to the second. */
  static String time(Instant instant) {
    return TIME.format(instant);
  }
}
