package dev.paperboy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HandlingRateTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;

  @Test
  void steadyRateIsReadFromTheFirstSeconds() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);

    long now = handleSteadily(rate, 0, 5 * SECOND, 100, 100 * MS);

    assertThat(rate.perSecond(now)).isCloseTo(1_000, withinPercentage(3));
  }

  @Test
  void rateForgetsAnOldPaceWithinFiveWindows() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);
    long now = handleSteadily(rate, 0, 120 * SECOND, 100, 100 * MS);

    now = handleSteadily(rate, now, 150 * SECOND, 10, 100 * MS);

    assertThat(rate.perSecond(now)).isCloseTo(100, withinPercentage(10));
  }

  @Test
  void rateDecaysByEOverAWindowWithoutHandling() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);
    long now = handleSteadily(rate, 0, 300 * SECOND, 100, 100 * MS);
    double before = rate.perSecond(now);

    double after = rate.perSecond(now + 30 * SECOND);

    assertThat(after / before).isCloseTo(Math.exp(-1), within(0.001));
  }

  @Test
  void firstBatchDoesNotReadAsABurst() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);

    rate.record(500, MS);

    assertThat(rate.perSecond(2 * MS)).isLessThan(520);
  }

  @Test
  void rateIsZeroBeforeTheFirstRecord() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);

    assertThat(rate.perSecond(10 * SECOND)).isZero();
  }

  @Test
  void timeToDrainIsTheLagOverTheRecentRate() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);
    long now = handleSteadily(rate, 0, 300 * SECOND, 100, 100 * MS);

    double seconds = rate.secondsToDrain(30_000, now);

    assertThat(seconds).isCloseTo(30, withinPercentage(3));
  }

  @Test
  void noLagTakesNoTimeEvenWithoutARate() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);

    double seconds = rate.secondsToDrain(0, 0);

    assertThat(seconds).isZero();
  }

  @Test
  void lagWithoutARateHasNoTimeToDrain() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);

    double seconds = rate.secondsToDrain(500, 10 * SECOND);

    assertThat(seconds).isNaN();
  }

  @Test
  void unknownLagHasNoTimeToDrain() {
    assertThat(HandlingRate.secondsToDrain(-1, 1_000.0)).isNaN();
  }

  @Test
  void recordLateInTimeStillCounts() {
    HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);
    rate.record(100, SECOND);
    rate.record(100, 3 * SECOND);

    rate.record(100, 2 * SECOND);

    assertThat(rate.perSecond(3 * SECOND)).isCloseTo(150, withinPercentage(5));
  }

  @Test
  void windowMustBePositive() {
    assertThatThrownBy(() -> new HandlingRate(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be > 0: PT0S");
  }

  /** Records {@code count} every {@code step} for {@code duration} after {@code from}. */
  private static long handleSteadily(
      HandlingRate rate, long from, long duration, int count, long step) {
    long now = from;
    while (now < from + duration) {
      now += step;
      rate.record(count, now);
    }
    return now;
  }
}
