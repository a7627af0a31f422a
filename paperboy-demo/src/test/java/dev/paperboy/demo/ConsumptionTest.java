package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumptionTest {

  @Test
  void userTotalsAddUpEveryUserAndListTheHighestFirst() {
    MapTable<String, Long> totals =
        new MapTable<>(
            "demo-user-totals",
            Map.of("u-1", 500L, "u-2", 1_200L, "u-3", 90L, "u-4", 1_200L, "u-5", 700L));

    Summary.UserTotals read = Consumption.userTotals(totals, 3);

    assertThat(read.users()).isEqualTo(5);
    assertThat(read.cents()).isEqualTo(3_690);
    assertThat(read.highest())
        .containsExactly(
            new Summary.UserTotal("u-2", 1_200),
            new Summary.UserTotal("u-4", 1_200),
            new Summary.UserTotal("u-5", 700));
  }

  @Test
  void anEmptyTableHasNoTotals() {
    Summary.UserTotals read = Consumption.userTotals(new MapTable<>("t", Map.of()), 3);

    assertThat(read).isEqualTo(new Summary.UserTotals(0, 0, List.of()));
  }
}
