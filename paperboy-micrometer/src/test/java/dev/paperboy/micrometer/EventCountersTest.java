package dev.paperboy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.PoisonPill;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventCountersTest {
  private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
  private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EngineMeters meters = new EngineMeters(registry);
  private final EventCounters counters =
      new EventCounters(meters, new HandlingRate(HandlingRate.DEFAULT_WINDOW));

  @BeforeEach
  void nameTheEngine() {
    meters.name("orders-engine");
  }

  @Test
  void handledCountsOnlyRecordsThatDidNotFail() {
    counters.onPartitionsAssigned(List.of(ORDERS_0));
    counters.onHandlingFailed(List.of(record(ORDERS_0, 3)), new IllegalStateException(), false);
    counters.onHandlingFailed(List.of(record(ORDERS_0, 7)), new IllegalStateException(), false);

    counters.onRecordsHandled(ORDERS_0, 10, 1_000);

    assertThat(count("paperboy.records.handled")).isEqualTo(8);
    assertThat(count("paperboy.records.failed")).isEqualTo(2);
  }

  @Test
  void failuresComeOffTheirOwnPartitionsHandledRecords() {
    counters.onPartitionsAssigned(List.of(ORDERS_0, ORDERS_1));
    counters.onHandlingFailed(List.of(record(ORDERS_1, 0)), new IllegalStateException(), false);

    counters.onRecordsHandled(ORDERS_0, 4, 1_000);
    counters.onRecordsHandled(ORDERS_1, 4, 1_000);

    assertThat(count("paperboy.records.handled")).isEqualTo(7);
  }

  @Test
  void fatalFailureIsNotTakenOffHandledRecords() {
    counters.onPartitionsAssigned(List.of(ORDERS_0));
    counters.onHandlingFailed(List.of(record(ORDERS_0, 5)), new IllegalStateException(), true);

    counters.onRecordsHandled(ORDERS_0, 5, 1_000);

    assertThat(count("paperboy.records.handled")).isEqualTo(5);
    assertThat(count("paperboy.records.failed")).isEqualTo(1);
  }

  @Test
  void skippedPoisonPillIsNotAHandledRecord() {
    counters.onPartitionsAssigned(List.of(ORDERS_0));
    counters.onPoisonPill(pill(ORDERS_0, 2), false);

    counters.onRecordsHandled(ORDERS_0, 3, 1_000);

    assertThat(count("paperboy.records.handled")).isEqualTo(2);
    assertThat(count("paperboy.poison.pills")).isEqualTo(1);
  }

  @Test
  void failuresLeftFromAPreviousOwnershipAreForgottenOnAssignment() {
    counters.onPartitionsAssigned(List.of(ORDERS_0));
    counters.onHandlingFailed(List.of(record(ORDERS_0, 1)), new IllegalStateException(), false);
    counters.onPartitionsAssigned(List.of(ORDERS_0));

    counters.onRecordsHandled(ORDERS_0, 3, 1_000);

    assertThat(count("paperboy.records.handled")).isEqualTo(3);
  }

  @Test
  void failuresReportedBeforeALaterUnitComeOffThatUnit() {
    counters.onPartitionsAssigned(List.of(ORDERS_0));
    counters.onPoisonPill(pill(ORDERS_0, 0), false);
    counters.onPoisonPill(pill(ORDERS_0, 1), false);

    counters.onRecordsHandled(ORDERS_0, 1, 1_000);
    counters.onRecordsHandled(ORDERS_0, 5, 1_000);

    assertThat(count("paperboy.records.handled")).isEqualTo(4);
  }

  @Test
  void topicCountersReadZeroOnceAPartitionIsAssigned() {
    counters.onPartitionsAssigned(List.of(ORDERS_0));

    assertThat(registry.find("paperboy.records.failed").tags("engine", "orders-engine").counter())
        .isNotNull()
        .extracting(Counter::count)
        .isEqualTo(0.0);
  }

  @Test
  void retriesDeadLettersCommitsAndModeSwitchesAreCounted() {
    counters.registerUntagged();

    counters.onRetry(List.of(record(ORDERS_0, 1)), 1, new IllegalStateException(), 100);
    counters.onDeadLettered(
        List.of(record(ORDERS_0, 1)), "orders.DLT", new IllegalStateException());
    counters.onCommitted(Map.of(ORDERS_0, new OffsetAndMetadata(2)));
    counters.onCommitted(Map.of(ORDERS_0, new OffsetAndMetadata(3)));
    counters.onCommitFailed(Map.of(ORDERS_0, new OffsetAndMetadata(4)), new RuntimeException());
    counters.onModeSwitched(ConsumptionMode.SINGLE, ConsumptionMode.BULK, 5_000);

    assertThat(count("paperboy.records.retried")).isEqualTo(1);
    assertThat(count("paperboy.records.dead.lettered")).isEqualTo(1);
    assertThat(count("paperboy.commits")).isEqualTo(2);
    assertThat(count("paperboy.commits.failed")).isEqualTo(1);
    assertThat(registry.get("paperboy.mode.switches").tag("to", "bulk").counter().count())
        .isEqualTo(1);
  }

  @Test
  void nothingIsRegisteredBeforeTheEngineIsNamed() {
    SimpleMeterRegistry unnamedRegistry = new SimpleMeterRegistry();
    EventCounters unnamed =
        new EventCounters(
            new EngineMeters(unnamedRegistry), new HandlingRate(HandlingRate.DEFAULT_WINDOW));

    unnamed.onRecordsHandled(ORDERS_0, 3, 1_000);

    assertThat(unnamedRegistry.getMeters()).isEmpty();
  }

  private double count(String name) {
    return registry.find(name).tag("engine", "orders-engine").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static ConsumerRecord<String, String> record(TopicPartition partition, long offset) {
    return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "k", "v");
  }

  private static PoisonPill pill(TopicPartition partition, long offset) {
    return PoisonPill.of(
        partition, offset, 0, null, new byte[] {1}, new RecordHeaders(), new RuntimeException());
  }
}
