package dev.paperboy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTest {
  @Test
  void wholePassIsTimedWithoutATail() {
    Measurement whole = measurement(-1, -1);

    assertThat(whole.isTail()).isFalse();
    assertThat(whole.recordsPerSecond()).isCloseTo(1_000_000, within(1e-6));
  }

  @Test
  void withATailOnlyItsRecordsAndTimeCount() {
    // 8,000,000 records in 8 s; the tail began 6 s in, with 6,200,000 handled: 1,800,000 in 2 s
    Measurement tail = measurement(6_000_000_000L, 6_200_000);

    assertThat(tail.isTail()).isTrue();
    assertThat(tail.recordsPerSecond()).isCloseTo(900_000, within(1e-6));
  }

  @Test
  void theTailCrossesFromTheRunToTheHarness() {
    Measurement tail = measurement(6_000_000_000L, 6_200_000);

    Measurement parsed = Measurement.parse(List.of("a log line", tail.toLine()));

    assertThat(parsed).isEqualTo(tail);
    assertThat(parsed.recordsPerSecond()).isCloseTo(900_000, within(1e-6));
  }

  private static Measurement measurement(long tailFromNanos, long tailFromCount) {
    long records = tailFromNanos < 0 ? 1_000_000 : 8_000_000;
    long nanos = tailFromNanos < 0 ? 1_000_000_000L : 8_000_000_000L;
    return new Measurement(
        new Totals(records, 42),
        nanos,
        2 * nanos,
        300L << 20,
        20L << 20,
        0.01,
        -1,
        -1,
        20,
        100_000_000L,
        500_000_000L,
        -1,
        -1,
        tailFromNanos,
        tailFromCount);
  }
}
