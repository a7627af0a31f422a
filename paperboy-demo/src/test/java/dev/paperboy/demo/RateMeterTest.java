package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateMeterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void measuresTheRateOverTheWindow() {
    RateMeter meter = new RateMeter(2 * SECOND);
    meter.perSecond(0, 0);
    meter.perSecond(SECOND, 1_000);

    double rate = meter.perSecond(2 * SECOND, 3_000);

    assertThat(rate).isCloseTo(1_500, within(0.1));
  }

  @Test
  void forgetsSamplesOlderThanTheWindow() {
    RateMeter meter = new RateMeter(2 * SECOND);
    meter.perSecond(0, 0);
    meter.perSecond(SECOND, 100_000);
    meter.perSecond(2 * SECOND, 100_040);
    meter.perSecond(3 * SECOND, 100_080);

    double rate = meter.perSecond(4 * SECOND, 100_120);

    assertThat(rate).isCloseTo(40, within(0.1));
  }

  @Test
  void aSingleSampleHasNoRate() {
    assertThat(new RateMeter(SECOND).perSecond(5 * SECOND, 10)).isZero();
  }
}
