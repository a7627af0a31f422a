package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PauseControlTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);

  private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
  private final StepPlan noSteps = new StepPlan(List.of());

  /** Lanes whose executor never runs them, so what is submitted stays pending. */
  private final Lanes<String, String> lanes =
      new Lanes<>(
          Map.of("t", new Route<>(PaperboyHandler.<String, String>of("t", (msg, ctx) -> {}))),
          task -> {},
          new WorkProcessor<>(true, RetryPolicy.none(), null, PaperboyListener.NONE),
          (delayMs, task) -> {},
          PaperboyListener.NONE,
          () -> {},
          System::nanoTime);

  @BeforeEach
  void ownOnePartition() {
    consumer.assign(List.of(P0));
    lanes.open(List.of(P0));
  }

  @Test
  void pausesAPartitionWhoseLaneHoldsTheRecordLimit() {
    lanes.get(P0).submit(work(records(10, 1)));

    PauseControl.apply(consumer, lanes, 10, Long.MAX_VALUE, noSteps);

    assertThat(consumer.paused()).containsExactly(P0);
  }

  @Test
  void pausesAPartitionWhoseLaneHoldsTheByteLimitWhateverTheRecordCount() {
    lanes.get(P0).submit(work(records(2, 1_000_000)));

    PauseControl.apply(consumer, lanes, 10_000, 1_500_000, noSteps);

    assertThat(consumer.paused()).containsExactly(P0);
  }

  @Test
  void keepsFetchingBelowBothLimits() {
    lanes.get(P0).submit(work(records(9, 100)));

    PauseControl.apply(consumer, lanes, 10, 10_000, noSteps);

    assertThat(consumer.paused()).isEmpty();
  }

  @Test
  void pausesTopicsThatStepModeHoldsBack() {
    PauseControl.apply(
        consumer, lanes, 10, 10_000, new StepPlan(List.of(java.util.Set.of("other"))));

    assertThat(consumer.paused()).containsExactly(P0);
  }

  private static Work<String, String> work(List<ConsumerRecord<String, String>> records) {
    return Work.records(records, Work.bytesOf(records));
  }

  private static List<ConsumerRecord<String, String>> records(int count, int valueBytes) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(
          new ConsumerRecord<>(
              "t",
              0,
              i,
              0L,
              TimestampType.CREATE_TIME,
              0,
              valueBytes,
              "k",
              "v",
              new RecordHeaders(),
              Optional.empty()));
    }
    return records;
  }
}
