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
          List.of(new Summary.TopicCount("orders", 200_835, 200_836, 1, 0, 200_835)),
          List.of(
              new Summary.ModeSwitch(
                  Duration.ofMillis(1_300), ConsumptionMode.SINGLE, ConsumptionMode.BULK, 66_572),
              new Summary.ModeSwitch(
                  Duration.ofMillis(2_600), ConsumptionMode.BULK, ConsumptionMode.SINGLE, 0)),
          new Summary.UsersTable(100_005, 812, 30_282),
          new Summary.OrderChecks(184_400, 16_435, 2_340_226_737L, 184_400),
          new Summary.UserTotals(
              30_001,
              2_340_226_737L,
              List.of(
                  new Summary.UserTotal("u-000042", 612_345),
                  new Summary.UserTotal("u-001234", 598_800))));

  @Test
  void rendersCountsSwitchesRestoreChecksEventsAndTotals() {
    String text = summary.render();

    assertThat(text)
        .contains("Summary after 41.2 s (the engine consumed for 30.5 s)")
        .containsPattern("orders +200,835 +200,836 +1 +200,835")
        .contains("mode switches: 2")
        .contains("+  1.3 s  SINGLE -> BULK at a lag of 66,572")
        .contains("+  2.6 s  BULK -> SINGLE at a lag of 0")
        .contains("users table: 100,005 offsets restored in 812 ms, before the first order;")
        .contains("30,282 users at the end")
        .contains("orders: 184,400 accepted (23,402,267.37 EUR), 16,435 rejected")
        .contains("events: 184,400 order-accepted sent and acknowledged")
        .contains("user totals (state table): 30,001 users, 23,402,267.37 EUR;")
        .contains("highest: u-000042 6,123.45 EUR, u-001234 5,988.00 EUR")
        .doesNotContain("never handled");
  }

  @Test
  void totalsNotReadYetReadAsNone() {
    Summary early =
        new Summary(
            Duration.ZERO,
            Duration.ZERO,
            List.of(),
            List.of(),
            summary.users(),
            summary.orders(),
            Summary.UserTotals.NONE);

    assertThat(early.render())
        .contains("user totals (state table): 0 users, 0.00 EUR; highest: none");
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
            summary.orders(),
            summary.totals());

    assertThat(lossy.render()).contains("!! 3 offsets of orders were never handled");
  }

  @Test
  void findsATopicByName() {
    assertThat(summary.topic("orders").redelivered()).isEqualTo(1);
    assertThat(summary.orders().total()).isEqualTo(200_835);
    assertThat(summary.topics()).hasSize(1);
    assertThatThrownBy(() -> summary.topic("payments"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
