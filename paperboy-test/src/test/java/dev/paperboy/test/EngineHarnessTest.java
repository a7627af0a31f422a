package dev.paperboy.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.TypedHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class EngineHarnessTest {
  private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

  @Test
  void handlesSentRecordsAndCommitsThemOnStop() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(PaperboyHandler.of("orders", (msg, ctx) -> seen.add(msg.value())))
            .start()) {
      harness.send("orders", "a", "1");
      harness.send("orders", "b", "2");

      harness.drain().stop();

      assertThat(seen).containsExactly("1", "2");
      assertThat(harness.committed()).containsEntry(ORDERS_0, 2L);
      assertThat(harness.state()).isEqualTo(EngineState.STOPPED);
    }
  }

  @Test
  void toleratedFailureIsRecordedAndCommittedPast() {
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(failingOn("bad"))
            .options(EngineOptions.builder().failOnException(false).build())
            .start()) {
      harness.send("orders", "a", "ok");
      harness.send("orders", "b", "bad");
      harness.send("orders", "c", "ok");

      harness.drain().stop();

      assertThat(harness.failures())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.offset()).isEqualTo(1);
                assertThat(f.fatal()).isFalse();
                assertThat(f.error()).hasMessage("cannot handle bad");
              });
      assertThat(harness.committed()).containsEntry(ORDERS_0, 3L);
    }
  }

  @Test
  void fatalFailureStopsTheEngineBeforeTheFailedRecord() {
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder().handler(failingOn("bad")).start()) {
      harness.send("orders", "a", "ok");
      harness.send("orders", "b", "bad");
      harness.send("orders", "c", "ok");

      assertThat(harness.awaitTermination()).get().isInstanceOf(PaperboyException.class);
      assertThat(harness.state()).isEqualTo(EngineState.FAILED);
      assertThat(harness.committed()).containsEntry(ORDERS_0, 1L);
    }
  }

  @Test
  void poisonPillIsSkippedAndCounted() {
    List<Long> offsets = new CopyOnWriteArrayList<>();
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(PaperboyHandler.of("orders", (msg, ctx) -> offsets.add(msg.offset())))
            .options(EngineOptions.builder().failOnException(false).build())
            .start()) {
      harness.send("orders", 0, "a", "1");
      harness.sendPoisonPill("orders", 0, null, new byte[] {0x13});
      harness.send("orders", 0, "c", "3");

      harness.drain().stop();

      assertThat(offsets).containsExactly(0L, 2L);
      assertThat(harness.poisonPills()).extracting(p -> p.offset()).containsExactly(1L);
      assertThat(harness.committed()).containsEntry(ORDERS_0, 3L);
    }
  }

  @Test
  void deadLettersGoToTheInMemoryProducer() {
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(failingOn("bad"))
            .options(EngineOptions.builder().deadLetter(DeadLetterPolicy.defaults()).build())
            .start()) {
      harness.send("orders", "b", "bad");

      harness.drain().stop();

      assertThat(harness.deadLetters())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.topic()).isEqualTo("orders.DLT");
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("bad");
              });
      assertThat(harness.committed()).containsEntry(ORDERS_0, 1L);
    }
  }

  @Test
  void bulkHandlerGetsBatchesInBulkMode() {
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    PaperboyBulkHandler<String, String> bulk =
        new PaperboyBulkHandler<>() {
          @Override
          public String topic() {
            return "orders";
          }

          @Override
          public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
            batchSizes.add(1);
          }

          @Override
          public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
            batchSizes.add(msgs.size());
          }
        };
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(bulk)
            .options(
                EngineOptions.builder()
                    .withBulkMode(true)
                    .bulkModeThreshold(null)
                    .bulkModeMaxRecords(4)
                    .bulkModeTimeoutMs(50)
                    .build())
            .start()) {
      for (int i = 0; i < 10; i++) {
        harness.send("orders", 0, "k" + i, "v" + i);
      }

      harness.drain().stop();

      assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 4));
      assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
      assertThat(harness.committed()).containsEntry(ORDERS_0, 10L);
    }
  }

  @Test
  void typedHandlerReportsAnUnreadableRecordAsItsOwnError() {
    List<Integer> amounts = new CopyOnWriteArrayList<>();
    PaperboyHandler<String, Integer> amountsHandler =
        PaperboyHandler.of("amounts", (msg, ctx) -> amounts.add(msg.value()));
    try (EngineHarness<byte[], byte[]> harness =
        EngineHarness.<byte[], byte[]>builder()
            .handler(
                TypedHandler.of(
                    amountsHandler, new StringDeserializer(), new IntegerDeserializer()))
            .options(EngineOptions.builder().failOnException(false).build())
            .start()) {
      harness.send("amounts", 0, bytes("a"), new byte[] {0, 0, 0, 7});
      harness.send("amounts", 0, bytes("b"), new byte[] {1});
      harness.send("amounts", 0, bytes("c"), new byte[] {0, 0, 0, 9});

      harness.drain().stop();

      assertThat(amounts).containsExactly(7, 9);
      assertThat(harness.failures())
          .singleElement()
          .satisfies(f -> assertThat(f.offset()).isEqualTo(1));
    }
  }

  @Test
  void handlerThatClosesItsEngineStopsItWithoutWaitingForItself() {
    java.util.concurrent.atomic.AtomicReference<dev.paperboy.PaperboyEngine<String, String>>
        engine = new java.util.concurrent.atomic.AtomicReference<>();
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(PaperboyHandler.of("orders", (msg, ctx) -> engine.get().close()))
            .start()) {
      engine.set(harness.engine());

      harness.send("orders", "a", "stop");

      assertThat(harness.awaitTermination()).isEmpty();
      assertThat(harness.state()).isEqualTo(EngineState.STOPPED);
      assertThat(harness.committed()).containsEntry(ORDERS_0, 1L);
    }
  }

  private static PaperboyHandler<String, String> failingOn(String value) {
    return PaperboyHandler.of(
        "orders",
        (msg, ctx) -> {
          if (value.equals(msg.value())) {
            throw new IllegalStateException("cannot handle " + value);
          }
        });
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
