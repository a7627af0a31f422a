package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LanesTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final Lanes<String, String> lanes =
      new Lanes<>(
          Map.of("t", new Route<>(PaperboyHandler.<String, String>of("t", (msg, ctx) -> {}))),
          Runnable::run,
          new WorkProcessor<>(true, RetryPolicy.none(), null, PaperboyListener.NONE),
          (delayMs, task) -> {},
          PaperboyListener.NONE,
          () -> {},
          System::nanoTime);

  @Test
  void fetchLagIsTheSumOverTheOwnedPartitions() {
    lanes.open(List.of(P0, P1));

    assertThat(lanes.fetchLag(lagging(Map.of(P0, 40L, P1, 2L))))
        .isEqualTo(new Lanes.FetchLag(42, true, List.of()));
  }

  @Test
  void fetchLagIsIncompleteUntilEveryOwnedPartitionsLagIsKnown() {
    lanes.open(List.of(P0, P1));

    assertThat(lanes.fetchLag(lagging(Map.of(P0, 40_000L))))
        .isEqualTo(new Lanes.FetchLag(40_000, false, List.of(P1)));
  }

  @Test
  void fetchLagIsIncompleteWithoutPartitions() {
    assertThat(lanes.fetchLag(lagging(Map.of())).complete()).isFalse();
  }

  private static MockConsumer<String, String> lagging(Map<TopicPartition, Long> lags) {
    return new MockConsumer<>("earliest") {
      @Override
      public OptionalLong currentLag(TopicPartition partition) {
        Long lag = lags.get(partition);
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
      }
    };
  }
}
