package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.newGroup;
import static dev.paperboy.it.ItSupport.newTopic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.Ordering;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.RetryPolicy;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key and unordered ordering against a real broker: records of one partition handled side by side,
 * per-key order kept, commits never past a record not handled, and nothing handled twice across a
 * graceful stop.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class OrderingIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @ParameterizedTest
  @EnumSource(
      value = Ordering.class,
      names = {"KEY", "UNORDERED"})
  void everyRecordIsHandledOnceAndKeyOrderKeepsEachKeysOffsetsInOrder(
      Ordering ordering, EmbeddedKafka kafka) throws Exception {
    int records = 20_000;
    int keys = 100;
    String topic = newTopic(kafka, "ordering-" + ordering, 3);
    Map<Integer, List<Map.Entry<String, String>>> byPartition = new HashMap<>();
    for (int i = 0; i < records; i++) {
      int key = i % keys;
      byPartition
          .computeIfAbsent(key % 3, p -> new ArrayList<>())
          .add(Map.entry("key-" + key, "value-" + i));
    }
    byPartition.forEach((partition, keyValues) -> kafka.produce(topic, partition, keyValues));
    String group = newGroup();
    Queue<ConsumerRecord<String, String>> started = new ConcurrentLinkedQueue<>();
    AtomicInteger inHandlers = new AtomicInteger();
    AtomicInteger mostInHandlers = new AtomicInteger();
    PaperboyHandler<String, String> handler =
        PaperboyHandler.of(
            topic,
            (msg, ctx) -> {
              started.add(msg);
              mostInHandlers.accumulateAndGet(inHandlers.incrementAndGet(), Math::max);
              Thread.sleep(ThreadLocalRandom.current().nextInt(3));
              inHandlers.decrementAndGet();
            });
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            EngineOptions.builder()
                .ordering(ordering)
                .handlerThreads(32)
                .commitIntervalMs(100)
                .build(),
            List.of(handler));

    engine.startInBackground();
    Await.until(DEADLINE, () -> started.size() >= records, "all records handled");
    Map<TopicPartition, Long> ends = kafka.endOffsets(topic);
    Await.until(
        DEADLINE, () -> kafka.committedOffsets(group).equals(ends), "committed to the end " + ends);
    engine.close();

    assertThat(engine.outcome()).isNull();
    Set<String> seen = new HashSet<>();
    Map<String, Long> lastOffsetOfKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : started) {
      assertThat(seen.add(record.partition() + "@" + record.offset()))
          .as("handled once: %s", record)
          .isTrue();
      if (ordering == Ordering.KEY) {
        Long last = lastOffsetOfKey.put(record.key(), record.offset());
        assertThat(last == null || last < record.offset())
            .as("key %s: offset %d after %d", record.key(), record.offset(), last)
            .isTrue();
      }
    }
    assertThat(seen).hasSize(records);
    assertThat(mostInHandlers.get())
        .as("more records in handlers at once than there are partitions")
        .isGreaterThan(3);
  }

  @Test
  void aRetriedRecordHoldsItsKeyWhileOtherKeysOfThePartitionGoOn(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "key-retry", 1);
    kafka.produce(
        topic,
        0,
        List.of(
            Map.entry("a", "a0"),
            Map.entry("b", "b1"),
            Map.entry("a", "a2"),
            Map.entry("c", "c3"),
            Map.entry("b", "b4"),
            Map.entry("a", "a5")));
    String group = newGroup();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    Queue<String> done = new ConcurrentLinkedQueue<>();
    PaperboyHandler<String, String> handler =
        PaperboyHandler.of(
            topic,
            (msg, ctx) -> {
              if (msg.offset() == 0 && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("a0 fails twice");
              }
              done.add(msg.value());
            });
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            EngineOptions.builder()
                .ordering(Ordering.KEY)
                .retry(RetryPolicy.ofFixedBackoff(3, Duration.ofMillis(300)))
                .commitIntervalMs(100)
                .build(),
            List.of(handler));

    engine.startInBackground();
    Await.until(DEADLINE, () -> done.size() == 6, "all six records handled");
    Await.until(
        DEADLINE,
        () ->
            Long.valueOf(6).equals(kafka.committedOffsets(group).get(new TopicPartition(topic, 0))),
        "committed to 6");
    engine.close();

    List<String> order = new ArrayList<>(done);
    assertThat(order.subList(0, 3))
        .as("b and c went on while a0 backed off")
        .containsExactlyInAnyOrder("b1", "c3", "b4");
    assertThat(order.subList(3, 6))
        .as("a's records in offset order")
        .containsExactly("a0", "a2", "a5");
    assertThat(engine.outcome()).isNull();
  }

  @Test
  void aGracefulStopWithRecordsFinishedAboveAGapHandsNothingTwice(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "key-stop", 1);
    List<Map.Entry<String, String>> keyValues = new ArrayList<>();
    keyValues.add(Map.entry("slow", "v0")); // stuck in its handler past the shutdown timeout
    keyValues.add(Map.entry("slow", "v1")); // queued behind it: not started, dropped at the stop
    for (int i = 2; i < 100; i++) {
      keyValues.add(Map.entry("key-" + i, "v" + i)); // finished above the gap
    }
    kafka.produce(topic, 0, keyValues);
    String group = newGroup();
    CountDownLatch release = new CountDownLatch(1);
    Map<Long, Integer> handledTimes = new ConcurrentHashMap<>();
    Queue<Long> firstEngine = new ConcurrentLinkedQueue<>();
    Queue<Long> secondEngine = new ConcurrentLinkedQueue<>();
    EngineOptions options =
        EngineOptions.builder()
            .ordering(Ordering.KEY)
            .commitIntervalMs(60_000)
            .shutdownTimeoutMs(1_000)
            .build();

    StringEngine first =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            options,
            List.of(
                counting(
                    topic,
                    handledTimes,
                    offset -> {
                      firstEngine.add(offset);
                      if (offset == 0) {
                        await(release);
                      }
                    })));
    first.startInBackground();
    Await.until(DEADLINE, () -> firstEngine.size() == 99, "all but the queued record handled");
    first.close();
    release.countDown(); // only now: offset 0 did not finish within the shutdown timeout
    assertThat(kafka.committedOffsets(group)).containsEntry(new TopicPartition(topic, 0), 0L);

    StringEngine second =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            options.toBuilder().commitIntervalMs(100).build(),
            List.of(counting(topic, handledTimes, secondEngine::add)));
    second.startInBackground();
    Await.until(
        DEADLINE,
        () ->
            Long.valueOf(100)
                .equals(kafka.committedOffsets(group).get(new TopicPartition(topic, 0))),
        "the second engine committed to the end");
    second.close();

    assertThat(firstEngine).doesNotContain(1L);
    assertThat(secondEngine)
        .as("only the records the first engine did not finish, none it finished above them")
        .containsExactly(0L, 1L);
    assertThat(handledTimes).hasSize(100);
    for (long offset = 2; offset < 100; offset++) {
      assertThat(handledTimes.get(offset)).as("offset %d handled once", offset).isOne();
    }
  }

  @Test
  void aSlowRecordPausesItsPartitionOnceTheRecordsFinishedBehindItFillTheWindow(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "key-window", 1);
    kafka.produceNumbered(topic, 1, 0, 5_000); // distinct keys
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    PaperboyHandler<String, String> handler =
        PaperboyHandler.of(
            topic,
            (msg, ctx) -> {
              if (msg.offset() == 0) {
                await(release);
              }
              handled.incrementAndGet();
            });
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            EngineOptions.builder()
                .ordering(Ordering.UNORDERED)
                .bulkModeThreshold(null) // single mode: the pause limit below is the window's
                .maxPendingRecordsPerPartition(500)
                .build(),
            List.of(handler));
    TopicPartition partition = new TopicPartition(topic, 0);

    engine.startInBackground();
    Await.until(
        DEADLINE,
        () -> {
          var status = engine.status().partitions().get(partition);
          return status != null && status.paused();
        },
        "the partition paused behind offset 0");
    int handledWhilePaused = handled.get();
    release.countDown();
    Await.until(DEADLINE, () -> handled.get() == 5_000, "all records handled once released");
    engine.close();

    // The window holds at most the limit, plus what one poll (max.poll.records, 500) brought.
    assertThat(handledWhilePaused).isLessThan(500 + 500);
    assertThat(engine.outcome()).isNull();
  }

  private static PaperboyHandler<String, String> counting(
      String topic, Map<Long, Integer> handledTimes, Consumer<Long> then) {
    return new PaperboyHandler<>() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
        handledTimes.merge(msg.offset(), 1, Integer::sum);
        then.accept(msg.offset());
      }
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
