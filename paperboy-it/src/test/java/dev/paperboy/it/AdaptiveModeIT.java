package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.newGroup;
import static dev.paperboy.it.ItSupport.newTopic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyListener;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lag-adaptive switching with the engine's own rules, against a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class AdaptiveModeIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @Test
  void liveRecordsAfterABacklogReachOnMessageAtOnce(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "reactive", 3);
    kafka.produceNumbered(topic, 3, 0, 50_000);
    RecordingBulkHandler handler = new RecordingBulkHandler(topic);
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    RecordingBulkHandler counting = counting(handler, seen);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            EngineOptions.builder().bulkModeThreshold(1_000L).bulkModeMaxRecords(2_000).build(),
            List.of(counting));

    engine.startInBackground();
    Await.until(DEADLINE, () -> seen.size() == 50_000, () -> "backlog handled: " + seen.size());
    int singlesBefore = counting.singles.size();
    for (int i = 0; i < 30; i++) {
      kafka.produceNumbered(topic, 3, 50_000 + i, 1);
      TimeUnit.MILLISECONDS.sleep(100); // the situation under test: a trickle of live records
    }
    Await.until(DEADLINE, () -> seen.size() == 50_030, () -> "live handled: " + seen.size());
    engine.close();

    int liveSingles = 0;
    for (ConsumerRecord<String, String> r : counting.singles) {
      if (Integer.parseInt(r.key().substring(4)) >= 50_000) {
        liveSingles++;
      }
    }
    System.out.printf(
        "reactivity: %d of 30 live records through onMessage (%d singles before them)%n",
        liveSingles, singlesBefore);
    assertThat(engine.outcome()).isNull();
    assertThat(liveSingles).isGreaterThanOrEqualTo(28);
    assertThat(seen.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
  }

  @Test
  void aLiveProducerAtTheThresholdsRateSwitchesRarely(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "hover", 2);
    kafka.produceNumbered(topic, 2, 0, 5_000); // a backlog first: into bulk, and out again
    List<ConsumptionMode> switches = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    RecordingBulkHandler counting = counting(new RecordingBulkHandler(topic), seen);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            EngineOptions.builder()
                .bulkModeThreshold(1_000L)
                .bulkModeMaxRecords(2_000)
                .bulkModeTimeoutMs(1_000)
                .listener(switchesInto(switches, new ArrayList<>(), () -> 0))
                .build(),
            List.of(counting));

    engine.startInBackground();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int produced = 5_000;
    while (System.nanoTime() < end) {
      kafka.produceNumbered(topic, 2, produced, 100); // about 1,000 records a second
      produced += 100;
      TimeUnit.MILLISECONDS.sleep(100);
    }
    int total = produced;
    Await.until(DEADLINE, () -> seen.size() == total, () -> "all handled: " + seen.size());
    engine.close();

    System.out.printf("hover: %d records in 20 s, mode switches %s%n", total, switches);
    assertThat(engine.outcome()).isNull();
    assertThat(switches).startsWith(ConsumptionMode.BULK, ConsumptionMode.SINGLE);
    assertThat(switches.size()).isLessThanOrEqualTo(4);
    assertThat(seen.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
  }

  @Test
  void aBacklogGoesThroughOnBulkUntilAtMostTheThresholdIsLeft(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "backlog", 2);
    kafka.produceNumbered(topic, 2, 0, 20_000);
    List<ConsumptionMode> switches = new CopyOnWriteArrayList<>();
    List<long[]> lagAndUnhandled = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    RecordingBulkHandler counting = counting(new RecordingBulkHandler(topic), seen);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            EngineOptions.builder()
                .listener(switchesInto(switches, lagAndUnhandled, () -> 20_000 - seen.size()))
                .build(),
            List.of(counting));

    engine.startInBackground();
    Await.until(DEADLINE, () -> seen.size() == 20_000, () -> "backlog handled: " + seen.size());
    engine.close();

    int batched = counting.batchedCount();
    System.out.printf(
        "backlog: %d of 20000 through onBulk; switches %s; lag/unhandled at each %s%n",
        batched, switches, describe(lagAndUnhandled));
    assertThat(engine.outcome()).isNull();
    assertThat(batched).isGreaterThanOrEqualTo(18_000);
    assertThat(switches).startsWith(ConsumptionMode.BULK);
    assertThat(lagAndUnhandled.get(0)).containsExactly(20_000, 20_000);
    if (switches.size() > 1) {
      long[] left = lagAndUnhandled.get(1);
      assertThat(switches.get(1)).isEqualTo(ConsumptionMode.SINGLE);
      assertThat(left[0]).as("lag when leaving bulk").isLessThanOrEqualTo(1_000);
      assertThat(left[1]).as("unhandled when leaving bulk").isLessThanOrEqualTo(left[0]);
    }
    assertThat(seen.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
  }

  /** {@code handler}, also counting how often each record was handled, by key. */
  private static RecordingBulkHandler counting(
      RecordingBulkHandler handler, Map<String, AtomicInteger> seen) {
    return new RecordingBulkHandler(handler.topic) {
      @Override
      public void onMessage(ConsumerRecord<String, String> msg, dev.paperboy.Context ctx) {
        super.onMessage(msg, ctx);
        seen.computeIfAbsent(msg.key(), k -> new AtomicInteger()).incrementAndGet();
      }

      @Override
      public void onBulk(List<ConsumerRecord<String, String>> msgs, dev.paperboy.Context ctx)
          throws Exception {
        super.onBulk(msgs, ctx);
        msgs.forEach(
            m -> seen.computeIfAbsent(m.key(), k -> new AtomicInteger()).incrementAndGet());
      }
    };
  }

  private static PaperboyListener switchesInto(
      List<ConsumptionMode> switches, List<long[]> lagAndUnhandled, IntSupplier unhandled) {
    return new PaperboyListener() {
      @Override
      public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
        lagAndUnhandled.add(new long[] {lag, unhandled.getAsInt()});
        switches.add(to);
      }
    };
  }

  private static String describe(List<long[]> pairs) {
    List<String> out = new ArrayList<>();
    pairs.forEach(p -> out.add(p[0] + "/" + p[1]));
    return out.toString();
  }
}
