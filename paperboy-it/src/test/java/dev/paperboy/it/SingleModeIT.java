package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.newGroup;
import static dev.paperboy.it.ItSupport.newTopic;
import static dev.paperboy.it.ItSupport.offsets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Single mode against a real broker: the acceptance tests 2 to 9. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SingleModeIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void tombstonesReachOnTombstoneNotOnMessage(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "single", 1);
    kafka.produce(
        topic,
        0,
        List.of(
            new SimpleEntry<>("alice", "v1"),
            new SimpleEntry<>("bob", null),
            new SimpleEntry<>("carol", "v3"),
            new SimpleEntry<>("alice", null)));
    RecordingHandler handler = new RecordingHandler(topic);
    StringEngine engine = engine(kafka, newGroup(), EngineOptions.defaults(), handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 4, "4 records handled");
    engine.close();

    assertThat(handler.values).containsExactly("v1", "v3");
    assertThat(handler.tombstoneKeys).containsExactly("bob", "alice");
    assertThat(engine.outcome()).isNull();
  }

  @Test
  void timedCommitsFollowTheIntervalAndReachTheEnd(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "single", 3);
    String group = newGroup();
    RecordingHandler handler = new RecordingHandler(topic);
    AtomicReference<CommitCountingConsumer<String, String>> counting = new AtomicReference<>();
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            EngineOptions.builder().commitIntervalMs(1_000).build(),
            List.of(handler),
            List.of(),
            Map.of(),
            consumer -> {
              counting.set(new CommitCountingConsumer<>(consumer));
              return counting.get();
            });
    engine.startInBackground();
    Await.until(DEADLINE, () -> engine.state() == EngineState.RUNNING, "engine running");

    long start = System.nanoTime();
    int produced = 0;
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      kafka.produceNumbered(topic, 3, produced, 30);
      produced += 30;
      Thread.sleep(50); // the situation under test: steady traffic for ten seconds
    }
    long stoppedProducing = System.nanoTime();
    Await.until(
        Duration.ofSeconds(10),
        () -> kafka.committedOffsets(group).equals(kafka.endOffsets(topic)),
        () -> "committed " + kafka.committedOffsets(group) + " reach " + kafka.endOffsets(topic));
    long catchUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedProducing);
    int commits = counting.get().commits.get();
    engine.close();
    System.out.printf(
        "MEASURED timed commits: %d commits in a %d-record 10 s run at commitIntervalMs=1000;"
            + " committed offsets reached the end %d ms after the last record%n",
        commits, produced, catchUpMs);

    assertThat(handler.handledCount()).isEqualTo(produced);
    assertThat(commits).as("commits over a 10 s run at a 1 s interval").isBetween(5, 12);
    assertThat(catchUpMs).as("ms until the committed offsets reached the end").isLessThan(2_500);
  }

  @Test
  void withCommitFalseCommitsNothing(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "single", 3);
    String group = newGroup();
    kafka.produceNumbered(topic, 3, 0, 300);
    RecordingHandler handler = new RecordingHandler(topic);
    StringEngine engine =
        engine(
            kafka,
            group,
            EngineOptions.builder().withCommit(false).commitIntervalMs(0).build(),
            handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 300, "300 records handled");
    engine.close();

    assertThat(engine.outcome()).isNull();
    assertThat(kafka.committedOffsets(group)).isEmpty();
  }

  @Test
  void handlerErrorStopsTheEngineAndTheFailedRecordIsRedelivered(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "single", 3);
    String group = newGroup();
    kafka.produceNumbered(topic, 3, 0, 300);
    RecordingHandler failing = new RecordingHandler(topic);
    failing.failOn = r -> r.partition() == 1 && r.offset() == 10;
    StringEngine engine = engine(kafka, group, EngineOptions.defaults(), failing);

    engine.startInBackground();
    Throwable outcome = engine.outcome();

    assertThat(outcome)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("partition 1 at offset 10")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(engine.state()).isEqualTo(EngineState.FAILED);
    assertThat(failing.offsets(1)).containsExactlyElementsOf(offsets(0, 10));
    assertThat(kafka.committedOffsets(group)).containsEntry(new TopicPartition(topic, 1), 10L);

    RecordingHandler next = new RecordingHandler(topic);
    StringEngine restarted = engine(kafka, group, EngineOptions.defaults(), next);
    restarted.startInBackground();
    Await.until(DEADLINE, () -> next.offsets(1).size() == 90, "partition 1 resumed");
    restarted.close();
    assertThat(next.offsets(1)).startsWith(10L, 11L).hasSize(90);
  }

  @Test
  void toleratedErrorIsSkippedAndConsumptionGoesOn(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "single", 3);
    String group = newGroup();
    kafka.produceNumbered(topic, 3, 0, 300);
    RecordingHandler handler = new RecordingHandler(topic);
    handler.failOn = r -> r.partition() == 1 && r.offset() == 10;
    StringEngine engine =
        engine(
            kafka,
            group,
            EngineOptions.builder().failOnException(false).commitIntervalMs(200).build(),
            handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 299, "299 records handled");
    Await.until(
        DEADLINE,
        () -> kafka.committedOffsets(group).equals(kafka.endOffsets(topic)),
        "offsets committed to the end");

    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    assertThat(handler.offsets(1)).hasSize(99).doesNotContain(10L);
    engine.close();
    assertThat(engine.outcome()).isNull();
  }

  @Test
  void gracefulStopMidwayRedeliversNothing(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "single", 3);
    String group = newGroup();
    kafka.produceNumbered(topic, 3, 0, 20_000);
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    RecordingHandler first = countingSlowly(topic, seen);
    StringEngine engine = engine(kafka, group, EngineOptions.defaults(), first);

    engine.startInBackground();
    Await.until(DEADLINE, () -> seen.size() >= 5_000, "5000 records handled");
    engine.close();
    int handledByFirst = seen.size();
    RecordingHandler second = countingSlowly(topic, seen);
    StringEngine restarted = engine(kafka, group, EngineOptions.defaults(), second);
    restarted.startInBackground();
    Await.until(DEADLINE, () -> seen.size() == 20_000, () -> "all handled: " + seen.size());
    restarted.close();

    assertThat(handledByFirst).isLessThan(20_000);
    assertThat(seen.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    assertThat(engine.outcome()).isNull();
    assertThat(restarted.outcome()).isNull();
  }

  @Test
  void gracefulStopCommitsWhatAnUnansweredAsyncCommitCarried(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "held-commit", 2);
    String group = newGroup();
    kafka.produceNumbered(topic, 2, 0, 2_000);
    RecordingHandler handler = new RecordingHandler(topic);
    List<HeldCommitConsumer> consumers = new CopyOnWriteArrayList<>();
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            EngineOptions.builder().commitIntervalMs(2_000).build(),
            List.of(handler),
            List.of(),
            Map.of(),
            c -> {
              HeldCommitConsumer held = new HeldCommitConsumer(c);
              consumers.add(held);
              return held;
            });

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 2_000, "all 2000 records handled");
    HeldCommitConsumer consumer = consumers.get(0);
    Await.until(
        DEADLINE,
        () -> consumer.heldOffsets().values().stream().mapToLong(o -> o).sum() == 2_000,
        "a timed commit of everything sent and held unanswered");
    engine.close();
    consumer.failHeldCommits();

    assertThat(engine.outcome()).isNull();
    assertThat(kafka.committedOffsets(group))
        .containsEntry(new TopicPartition(topic, 0), 1_000L)
        .containsEntry(new TopicPartition(topic, 1), 1_000L);
  }

  @Test
  void handlerSlowerThanMaxPollIntervalCausesNoRebalance(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "single", 3);
    kafka.produceNumbered(topic, 3, 0, 30);
    RecordingHandler handler = new RecordingHandler(topic);
    handler.slowOn = r -> r.partition() == 0 && r.offset() == 2;
    handler.slowMillis = 8_000;
    List<Collection<TopicPartition>> revoked = new CopyOnWriteArrayList<>();
    PaperboyListener listener = ItSupport.revocationsInto(revoked);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            EngineOptions.builder().listener(listener).build(),
            List.of(handler),
            List.of(),
            Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 6_000),
            c -> c);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 30, "30 records handled");
    List<Collection<TopicPartition>> revokedWhileRunning = new ArrayList<>(revoked);
    engine.close();

    assertThat(revokedWhileRunning).isEmpty();
    for (int p = 0; p < 3; p++) {
      assertThat(handler.offsets(p)).containsExactlyElementsOf(offsets(0, 10));
    }
  }

  @Test
  void autoCommitIsRefusedBeforeAnythingIsHandled(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "single", 1);
    String group = newGroup();
    kafka.produceNumbered(topic, 1, 0, 10);
    RecordingHandler handler = new RecordingHandler(topic);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            EngineOptions.defaults(),
            List.of(handler),
            List.of(),
            Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true),
            c -> c);

    engine.startInBackground();
    Throwable outcome = engine.outcome();

    assertThat(outcome)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("enable.auto.commit=true is not allowed");
    assertThat(handler.handledCount()).isZero();
    assertThat(kafka.committedOffsets(group)).isEmpty();
  }

  private static RecordingHandler countingSlowly(String topic, Map<String, AtomicInteger> seen) {
    return new RecordingHandler(topic) {
      @Override
      public void onMessage(ConsumerRecord<String, String> msg, dev.paperboy.Context ctx) {
        LockSupport.parkNanos(50_000);
        seen.computeIfAbsent(msg.partition() + ":" + msg.offset(), k -> new AtomicInteger())
            .incrementAndGet();
      }
    };
  }

  private static StringEngine engine(
      EmbeddedKafka kafka, String group, EngineOptions options, RecordingHandler handler) {
    return new StringEngine(kafka.bootstrapServers(), group, options, List.of(handler));
  }

  @SuppressWarnings("unused")
  private static Consumer<String, String> same(Consumer<String, String> c) {
    return c;
  }
}
