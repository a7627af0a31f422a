package dev.paperboy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Ordering;
import dev.paperboy.resilience.ChildEngine.AckedCommit;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The crashes of {@link CrashRecoveryIT}: while a producer fills a topic, an engine in a child JVM
 * is started, killed with SIGKILL at a random moment after it began handling, and started again,
 * {@link #KILLS} times; the last run consumes to the end and stops by SIGTERM. Each run keeps its
 * own files, so what a run handled and saw committed is known exactly. Records carry one of {@link
 * #KEYS} keys, each key in every partition, so key ordering has records of equal keys to keep in
 * order; there the handler takes a random 0 to 1 ms per record, so records finish out of order.
 *
 * <p>The producer is held to a share of the records per run: each run releases {@link
 * #CHUNKS_PER_RUN} more chunks as it starts (the last run all that are left), which the producer
 * writes while the run handles. So every run finds records to handle and is killed while records
 * arrive; a producer running free finished early, and a fast run (key ordering handles some 20,000
 * records/s) could commit the topic's end before its kill, leaving the next run nothing to handle.
 */
final class CrashScenario {
  static final int RECORDS = 100_000;
  static final int KILLS = 6;
  static final int KEYS = 200;
  private static final int PARTITIONS = 3;
  private static final int CHUNK = 1_000;
  private static final int CHUNKS = RECORDS / CHUNK;
  private static final int CHUNKS_PER_RUN = CHUNKS / (KILLS + 1);
  private static final long CHUNK_PAUSE_MS = 100;
  private static final long COMMIT_INTERVAL_MS = 500;
  private static final long DELAY_MICROS = 100;
  private static final long JITTER_MICROS = 1_000;
  private static final int HANDLER_THREADS = 16;
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private final EmbeddedKafka kafka;
  private final Random random;
  private final Long bulkModeThreshold;
  private final Ordering ordering;
  private final String topic = EmbeddedKafka.uniqueName("crash");
  private final String group = EmbeddedKafka.uniqueName("group");
  private final AtomicInteger produced = new AtomicInteger();
  private final Semaphore releasedChunks = new Semaphore(0);
  private int chunksReleased;

  /**
   * {@code bulkModeThreshold} null keeps the child in single mode, with timed commits; an {@code
   * ordering} other than {@link Ordering#PARTITION} has it handle {@value #HANDLER_THREADS} records
   * at once.
   */
  CrashScenario(EmbeddedKafka kafka, Random random, Long bulkModeThreshold, Ordering ordering) {
    this.kafka = kafka;
    this.random = random;
    this.bulkModeThreshold = bulkModeThreshold;
    this.ordering = ordering;
  }

  /** Runs the child {@link #KILLS} + 1 times; returns the runs in order. */
  List<Run> run() throws Exception {
    kafka.createTopic(topic, PARTITIONS);
    List<Run> runs = new ArrayList<>();
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try {
      Future<?> production = producer.submit(this::produce);
      for (int k = 0; k < KILLS; k++) {
        runs.add(killedRun(k));
      }
      runs.add(finalRun(production));
    } finally {
      producer.shutdownNow();
      producer.awaitTermination(30, TimeUnit.SECONDS);
    }
    return runs;
  }

  Map<TopicPartition, Long> endOffsets() {
    return kafka.endOffsets(topic);
  }

  Map<TopicPartition, Long> committedOffsets() {
    return kafka.committedOffsets(group);
  }

  private void produce() {
    try {
      while (produced.get() < RECORDS) {
        releasedChunks.acquire();
        produceKeyed(produced.get());
        produced.addAndGet(CHUNK);
        Thread.sleep(CHUNK_PAUSE_MS); // the situation under test: records arrive while we kill
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Record {@code i} goes to partition {@code i % PARTITIONS} with key {@code i % KEYS}. */
  private void produceKeyed(int from) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(CHUNK);
    for (int i = from; i < from + CHUNK; i++) {
      records.add(
          new ProducerRecord<>(
              topic, i % PARTITIONS, bytes("key-" + i % KEYS), bytes("value-" + i)));
    }
    kafka.send(records);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Run killedRun(int index) throws Exception {
    Run run = new Run(index, kafka.committedOffsets(group));
    release(CHUNKS_PER_RUN);
    try (ChildEngine child = child(run)) {
      Await.until(
          DEADLINE,
          () -> child.handledCount() > 0,
          () -> "run " + index + " handles records; log: " + child.logTail(80));
      run.pauseMs = 100 + random.nextInt(1_500);
      Thread.sleep(run.pauseMs); // the situation under test: a kill at a random moment
      run.producedAtKill = produced.get();
      child.kill();
      child.awaitExit(30);
      run.handled = child.handled();
      run.byKey = child.handledByKey();
      run.commits = child.commits();
    }
    return run;
  }

  private Run finalRun(Future<?> production) throws Exception {
    Run run = new Run(KILLS, kafka.committedOffsets(group));
    release(CHUNKS - chunksReleased);
    try (ChildEngine child = child(run)) {
      production.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      Map<TopicPartition, Long> end = kafka.endOffsets(topic);
      Await.until(
          DEADLINE,
          () -> kafka.committedOffsets(group).equals(end),
          () -> "committed " + kafka.committedOffsets(group) + " reach " + end);
      child.terminate();
      assertThat(child.awaitExit(60)).as("exit code after SIGTERM").isIn(0, 143);
      run.handled = child.handled();
      run.byKey = child.handledByKey();
      run.commits = child.commits();
    }
    return run;
  }

  /** Lets the producer write {@code chunks} more chunks. */
  private void release(int chunks) {
    chunksReleased += chunks;
    releasedChunks.release(chunks);
  }

  private ChildEngine child(Run run) throws Exception {
    ChildEngine.Builder builder =
        ChildEngine.builder(kafka.bootstrapServers(), topic, group)
            .handledFile(ChildEngine.tempFile("crash-handled-" + run.index))
            .commitsFile(ChildEngine.tempFile("crash-commits-" + run.index))
            .commitIntervalMs(COMMIT_INTERVAL_MS)
            .ordering(ordering)
            // Static membership: a restarted child takes over at once, not after a session timeout.
            .consumerConfig("group.instance.id", "crash-child");
    if (ordering == Ordering.PARTITION) {
      builder.delayMicros(DELAY_MICROS);
    } else {
      builder.jitterMicros(JITTER_MICROS).handlerThreads(HANDLER_THREADS);
    }
    if (bulkModeThreshold != null) {
      builder.bulkModeThreshold(bulkModeThreshold);
    }
    return builder.start();
  }

  /** One life of the child engine: where it began, what it handled and saw committed. */
  static final class Run {
    final int index;
    final Map<TopicPartition, Long> committedAtStart;
    long pauseMs;
    int producedAtKill;
    List<RecordId> handled = List.of();
    Map<String, List<RecordId>> byKey = Map.of();
    List<AckedCommit> commits = List.of();

    Run(int index, Map<TopicPartition, Long> committedAtStart) {
      this.index = index;
      this.committedAtStart = committedAtStart;
    }
  }
}
