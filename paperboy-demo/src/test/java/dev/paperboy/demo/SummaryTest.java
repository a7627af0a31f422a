package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.ConsumptionMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private final Summary summary =
      new Summary(
          Duration.ofMillis(41_234),
          Duration.ofMillis(30_512),
          List.of(
              new Summary.TopicCount("users", 100_365, 100_365, 0, 0, 100_365),
              new Summary.TopicCount("orders", 200_835, 200_836, 1, 0, 200_835)),
          List.of(
              new Summary.ModeSwitch(
                  Duration.ofMillis(1_300), ConsumptionMode.SINGLE, ConsumptionMode.BULK, 66_572),
              new Summary.ModeSwitch(
                  Duration.ofMillis(2_600), ConsumptionMode.BULK, ConsumptionMode.SINGLE, 0)),
          new Summary.UserStats(30_282, 4_950, 360, 24, 100_005, 67_089),
          new Summary.OrderChecks(184_400, 25_485, 16_435, 0, 2_340_226_737L));

  @Test
  void rendersCountsPerTopicSwitchesAndChecks() {
    String text = summary.render();

    assertThat(text)
        .contains("Summary after 41.2 s (the engine consumed for 30.5 s)")
        .containsPattern("users +100,365 +100,365 +0 +100,365")
        .containsPattern("orders +200,835 +200,836 +1 +200,835")
        .contains("mode switches: 2")
        .contains("+  1.3 s  SINGLE -> BULK at a lag of 66,572")
        .contains("+  2.6 s  BULK -> SINGLE at a lag of 0")
        .contains("100,005 in 24 batches collapsed to 67,089 writes")
        .contains("184,400 accepted (23,402,267.37 EUR; 25,485 had to wait for their user)")
        .doesNotContain("never handled");
  }

  @Test
  void skippedOffsetsStandOut() {
    Summary lossy =
        new Summary(
            Duration.ZERO,
            Duration.ZERO,
            List.of(new Summary.TopicCount("orders", 10, 7, 0, 3, 10)),
            List.of(),
            summary.users(),
            summary.orders());

    assertThat(lossy.render()).contains("!! 3 offsets of orders were never handled");
  }

  @Test
  void findsATopicByName() {
    assertThat(summary.topic("orders").redelivered()).isEqualTo(1);
    assertThat(summary.orders().total()).isEqualTo(200_835);
    assertThatThrownBy(() -> summary.topic("payments"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
