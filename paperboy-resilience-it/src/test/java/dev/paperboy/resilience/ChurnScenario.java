package dev.paperboy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.resilience.ChildEngine.AckedCommit;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * The churn of {@link RebalanceChurnIT}, step by step, while a producer writes: engines A and B
 * (in-process) and C (a child JVM) share a group; A leaves gracefully; D joins; C is killed; B and
 * D consume to the end and stop gracefully. Afterwards it holds every handling, C's as of the kill.
 */
final class ChurnScenario {
  static final int RECORDS = 40_000;
  static final String LEAVING = "A";
  static final String CHILD = "C";
  private static final int PARTITIONS = 6;
  private static final int CHUNK = 400;
  private static final long CHUNK_PAUSE_MS = 100;
  private static final long DELAY_MICROS = 300;
  private static final long COMMIT_INTERVAL_MS = 500;
  private static final Duration DEADLINE = Duration.ofSeconds(45);

  private final EmbeddedKafka kafka;
  private final Map<String, String> consumerConfig;
  private final String topic = EmbeddedKafka.uniqueName("churn");
  private final String group = EmbeddedKafka.uniqueName("group");
  private final Collection<Handling> handlings = new ConcurrentLinkedQueue<>();
  private final List<NamedEngine> engines = new ArrayList<>();
  private long killedAt;
  private List<RecordId> childHandled = List.of();
  private List<AckedCommit> childCommits = List.of();
  private List<String> childRebalances = List.of();

  ChurnScenario(EmbeddedKafka kafka, Map<String, String> consumerConfig) {
    this.kafka = kafka;
    this.consumerConfig = consumerConfig;
  }

  void run() throws Exception {
    kafka.createTopic(topic, PARTITIONS);
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try (ChildEngine child = child()) {
      Future<?> production = producer.submit(this::produce);
      NamedEngine a = engine(LEAVING);
      NamedEngine b = engine("B");
      awaitProgress(a, b);
      awaitHandling(child, 1);
      awaitProgress(a, b);
      a.close();
      assertThat(a.outcome()).as("A left gracefully").isNull();
      assertThat(a.state()).isEqualTo(EngineState.STOPPED);
      NamedEngine d = engine("D");
      awaitProgress(d);
      awaitHandling(child, child.handledCount() + 500);
      killedAt = System.currentTimeMillis();
      child.kill();
      child.awaitExit(30);
      childHandled = child.handled();
      childCommits = child.commits();
      childRebalances =
          Files.readAllLines(child.log()).stream()
              .filter(line -> line.contains("partitions") || line.contains("Paperboy engine"))
              .toList();
      production.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      awaitCommittedToTheEnd();
      b.close();
      d.close();
      assertThat(b.outcome()).isNull();
      assertThat(d.outcome()).isNull();
    } finally {
      producer.shutdownNow();
      engines.forEach(NamedEngine::close);
    }
  }

  /** Every handling by every engine; the child's with the time it was killed. */
  List<Handling> handlings() {
    List<Handling> all = new ArrayList<>(handlings);
    childHandled.forEach(record -> all.add(new Handling(CHILD, record, killedAt)));
    return all;
  }

  List<RecordId> childHandled() {
    return childHandled;
  }

  List<AckedCommit> childCommits() {
    return childCommits;
  }

  /** The child's log lines about partitions assigned, revoked or lost, and its life. */
  List<String> childRebalances() {
    return childRebalances;
  }

  long killedAt() {
    return killedAt;
  }

  /** The in-process engines: A, B and D. */
  List<NamedEngine> engines() {
    return engines;
  }

  long endOffsetSum() {
    return kafka.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  private void produce() {
    try {
      for (int from = 0; from < RECORDS; from += CHUNK) {
        kafka.produceNumbered(topic, PARTITIONS, from, CHUNK);
        Thread.sleep(CHUNK_PAUSE_MS); // the situation under test: records arrive during churn
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ChildEngine child() throws Exception {
    ChildEngine.Builder builder =
        ChildEngine.builder(kafka.bootstrapServers(), topic, group)
            .handledFile(ChildEngine.tempFile("churn-handled"))
            .commitsFile(ChildEngine.tempFile("churn-commits"))
            .commitIntervalMs(COMMIT_INTERVAL_MS)
            .delayMicros(DELAY_MICROS)
            .consumerConfig("client.id", CHILD + "-" + group);
    consumerConfig.forEach(builder::consumerConfig);
    return builder.start();
  }

  private NamedEngine engine(String name) {
    NamedEngine engine =
        new NamedEngine(
            name,
            kafka.bootstrapServers(),
            topic,
            group,
            DELAY_MICROS,
            EngineOptions.builder()
                .commitIntervalMs(COMMIT_INTERVAL_MS)
                .bulkModeThreshold(null)
                .build(),
            consumerConfig,
            handlings);
    engines.add(engine);
    return engine.startInBackground();
  }

  /** Waits until each engine handled more records than it had so far. */
  private static void awaitProgress(NamedEngine... engines) {
    for (NamedEngine engine : engines) {
      int before = engine.handledCount();
      Await.until(
          DEADLINE,
          () -> engine.handledCount() > before,
          () -> engine.name() + " handles records: " + engine.rebalances());
    }
  }

  private static void awaitHandling(ChildEngine child, int count) {
    Await.until(
        DEADLINE,
        () -> child.handledCount() >= count,
        () -> "the child handled " + count + " records; log: " + child.logTail(80));
  }

  private void awaitCommittedToTheEnd() {
    Map<TopicPartition, Long> end = kafka.endOffsets(topic);
    Await.until(
        DEADLINE,
        () -> kafka.committedOffsets(group).equals(end),
        () -> "committed " + kafka.committedOffsets(group) + " reach " + end);
  }
}
