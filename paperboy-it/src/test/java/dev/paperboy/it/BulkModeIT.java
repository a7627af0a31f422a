package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.newGroup;
import static dev.paperboy.it.ItSupport.newTopic;
import static dev.paperboy.it.ItSupport.offsets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(EmbeddedKafkaExtension.class)
class BulkModeIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void backlogArrivesInBatchesThenLiveRecordsOneByOne(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("backlog");
    kafka.createTopic(topic, 3);
    kafka.produceNumbered(topic, 3, 0, 50_000);
    RecordingBulkHandler handler = new RecordingBulkHandler(topic);
    List<ConsumptionMode> switches = new CopyOnWriteArrayList<>();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
            switches.add(to);
          }
        };
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            EmbeddedKafka.uniqueName("group"),
            EngineOptions.builder().bulkModeThreshold(1_000L).listener(listener).build(),
            List.of(handler));

    engine.startInBackground();
    Await.until(
        Duration.ofSeconds(60),
        () -> handler.handledCount() >= 50_000 && engine.mode() == ConsumptionMode.SINGLE,
        () -> "backlog handled and back in single mode: " + handler.handledCount());
    kafka.produceNumbered(topic, 3, 50_000, 30);
    Await.until(
        Duration.ofSeconds(30),
        () -> handler.handledCount() >= 50_030,
        () -> "live records handled: " + handler.handledCount());
    engine.close();

    assertThat(engine.outcome()).isNull();
    assertThat(handler.batches).isNotEmpty();
    assertThat(handler.batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(10_000));
    assertThat(handler.singles).hasSizeGreaterThanOrEqualTo(30);
    assertThat(handler.singles.subList(handler.singles.size() - 30, handler.singles.size()))
        .allSatisfy(
            r -> assertThat(Integer.parseInt(r.key().substring(4))).isGreaterThanOrEqualTo(50_000));
    assertThat(switches).containsSubsequence(ConsumptionMode.BULK, ConsumptionMode.SINGLE);
    for (int p = 0; p < 3; p++) {
      long expected = p == 0 ? 16_677 : (p == 1 ? 16_677 : 16_676);
      assertThat(handler.offsetsByPartition.get(p))
          .as("partition %d: every record once, in order", p)
          .containsExactlyElementsOf(offsets(0, expected));
    }
  }

  @Test
  void withoutThresholdStaysInBulkEvenWhenCaughtUp(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "bulk", 3);
    kafka.produceNumbered(topic, 3, 0, 3_000);
    RecordingBulkHandler handler = new RecordingBulkHandler(topic);
    StringEngine engine =
        engine(kafka, newGroup(), bulkOnly().bulkModeTimeoutMs(200).build(), handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 3_000, "backlog handled");
    kafka.produceNumbered(topic, 3, 3_000, 6);
    Await.until(DEADLINE, () -> handler.handledCount() == 3_006, "live records handled");
    engine.close();

    assertThat(handler.singles).isEmpty();
    assertThat(handler.batchedCount()).isEqualTo(3_006);
    assertThat(engine.mode()).isEqualTo(ConsumptionMode.BULK);
  }

  @Test
  void partialBatchArrivesAfterTheTimeout(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "bulk", 1);
    RecordingBulkHandler handler = new RecordingBulkHandler(topic);
    StringEngine engine =
        engine(kafka, newGroup(), bulkOnly().bulkModeTimeoutMs(500).build(), handler);
    engine.startInBackground();
    Await.until(DEADLINE, () -> engine.state() == EngineState.RUNNING, "engine running");

    long produced = System.nanoTime();
    kafka.produceNumbered(topic, 1, 0, 10);
    Await.until(DEADLINE, () -> handler.batches.size() == 1, "one batch");
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(handler.batchArrivalNanos.get(0) - produced);
    engine.close();

    assertThat(handler.batches.get(0)).hasSize(10);
    assertThat(waitedMs).as("ms until the batch arrived").isBetween(400L, 5_000L);
  }

  @Test
  void commitsEachBatchsLastOffsetPlusOne(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "bulk", 1);
    String group = newGroup();
    kafka.produceNumbered(topic, 1, 0, 1_000);
    RecordingBulkHandler handler = new RecordingBulkHandler(topic);
    List<Long> committed = new CopyOnWriteArrayList<>();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.values().forEach(o -> committed.add(o.offset()));
          }
        };
    StringEngine engine =
        engine(
            kafka,
            group,
            bulkOnly()
                .bulkModeMaxRecords(100)
                .bulkModeTimeoutMs(200)
                .commitIntervalMs(200) // not the default 10 s, which this test would wait out
                .listener(listener)
                .build(),
            handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 1_000, "all handled");
    Await.until(
        DEADLINE,
        () ->
            Long.valueOf(1_000)
                .equals(kafka.committedOffsets(group).get(new TopicPartition(topic, 0))),
        "the last batch committed while running");
    engine.close();

    Set<Long> batchEnds = new HashSet<>();
    handler.batches.forEach(b -> batchEnds.add(b.get(b.size() - 1).offset() + 1));
    assertThat(handler.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(100));
    assertThat(committed).isNotEmpty().isSorted();
    assertThat(batchEnds).containsAll(committed);
  }

  @Test
  void batchLongerThanMaxPollIntervalCausesNoRebalance(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "bulk", 2);
    kafka.produceNumbered(topic, 2, 0, 200);
    RecordingBulkHandler handler = new RecordingBulkHandler(topic);
    AtomicInteger slowBatches = new AtomicInteger();
    handler.slowOn = b -> b.get(0).partition() == 0 && slowBatches.getAndIncrement() == 0;
    handler.slowMillis = 8_000;
    List<Collection<TopicPartition>> revoked = new CopyOnWriteArrayList<>();
    PaperboyListener listener = ItSupport.revocationsInto(revoked);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            bulkOnly().bulkModeTimeoutMs(100).listener(listener).build(),
            List.of(handler),
            List.of(),
            Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 6_000),
            c -> c);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 200, "200 records handled");
    List<Collection<TopicPartition>> revokedWhileRunning = new ArrayList<>(revoked);
    engine.close();

    assertThat(revokedWhileRunning).isEmpty();
    assertThat(handler.offsetsByPartition.get(0)).containsExactlyElementsOf(offsets(0, 100));
    assertThat(handler.offsetsByPartition.get(1)).containsExactlyElementsOf(offsets(0, 100));
  }

  /** How the engine treats the record that fails on its own. */
  enum Policy {
    DEAD_LETTER,
    SKIP,
    FAIL
  }

  static Stream<Arguments> handlerKindsAndPolicies() {
    return Stream.of(true, false)
        .flatMap(bulk -> Stream.of(Policy.values()).map(policy -> Arguments.of(bulk, policy)));
  }

  @ParameterizedTest(name = "bulkHandler={0}, {1}")
  @MethodSource("handlerKindsAndPolicies")
  void aFailedBatchIsNarrowedToTheRecordThatFailsOnItsOwn(
      boolean bulkHandler, Policy policy, EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "isolation", 1);
    kafka.createTopic(topic + ".DLT", 1);
    String group = newGroup();
    kafka.produceNumbered(topic, 1, 0, 2_000);
    long bad = 1_234;
    List<Long> failedOffsets = new CopyOnWriteArrayList<>();
    EngineOptions.Builder options =
        bulkOnly()
            .bulkModeMaxRecords(2_000)
            .bulkModeTimeoutMs(2_000)
            .commitIntervalMs(200) // not the default 10 s, which this test would wait out
            .listener(
                new PaperboyListener() {
                  @Override
                  public void onHandlingFailed(
                      List<? extends ConsumerRecord<?, ?>> records,
                      Exception error,
                      boolean fatal) {
                    records.forEach(r -> failedOffsets.add(r.offset()));
                  }
                });
    if (policy == Policy.DEAD_LETTER) {
      options.deadLetter(DeadLetterPolicy.defaults());
    } else if (policy == Policy.SKIP) {
      options.failOnException(false);
    }
    RecordingBulkHandler bulk = new RecordingBulkHandler(topic);
    bulk.failOn = b -> b.stream().anyMatch(r -> r.offset() == bad);
    bulk.badOffset = bad;
    RecordingHandler plain = new RecordingHandler(topic);
    plain.failOn = r -> r.offset() == bad;
    Supplier<List<Long>> handled =
        () ->
            bulkHandler
                ? new ArrayList<>(bulk.offsetsByPartition.getOrDefault(0, List.of()))
                : plain.offsets(0);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(), group, options.build(), List.of(bulkHandler ? bulk : plain));
    TopicPartition partition = new TopicPartition(topic, 0);

    engine.startInBackground();
    if (policy == Policy.FAIL) {
      Throwable outcome = engine.outcome();

      assertThat(outcome)
          .isInstanceOf(PaperboyException.class)
          .hasMessageContaining("at offset " + bad);
      assertThat(kafka.committedOffsets(group)).containsEntry(partition, bad);
      assertThat(handled.get()).containsExactlyElementsOf(offsets(0, bad));
    } else {
      Await.until(DEADLINE, () -> handled.get().size() == 1_999, "the 1999 good records");
      Await.until(
          DEADLINE,
          () -> Long.valueOf(2_000).equals(kafka.committedOffsets(group).get(partition)),
          "committed past the bad record");
      engine.close();

      assertThat(engine.outcome()).isNull();
      List<Long> expected = new ArrayList<>(offsets(0, 2_000));
      expected.remove(Long.valueOf(bad));
      assertThat(handled.get()).containsExactlyElementsOf(expected);
      if (policy == Policy.DEAD_LETTER) {
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(topic + ".DLT", 1, DEADLINE);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
            .isEqualTo("value-" + bad);
      }
    }
    assertThat(failedOffsets).containsExactly(bad);
    if (bulkHandler) {
      assertThat(bulk.batches).allSatisfy(b -> assertThat(b).noneMatch(r -> r.offset() == bad));
    }
  }

  private static EngineOptions.Builder bulkOnly() {
    return EngineOptions.builder().withBulkMode(true).bulkModeThreshold(null);
  }

  private static StringEngine engine(
      EmbeddedKafka kafka, String group, EngineOptions options, RecordingBulkHandler handler) {
    return new StringEngine(kafka.bootstrapServers(), group, options, List.of(handler));
  }
}
