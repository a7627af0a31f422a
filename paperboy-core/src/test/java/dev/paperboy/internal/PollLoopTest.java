package dev.paperboy.internal;

import static dev.paperboy.internal.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.EngineStatus;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PartitionStatus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollLoopTest {
  private static final String TOPIC = "orders";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  private volatile boolean metadataTimesOut;
  private final PacedMockConsumer<String, String> consumer =
      new PacedMockConsumer<>() {
        @Override
        public synchronized Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
          if (metadataTimesOut) {
            throw new TimeoutException("Timeout expired while fetching topic metadata");
          }
          return super.listTopics(timeout);
        }
      };

  /** The loop's clock: it stands still unless a test moves it. */
  private final java.util.concurrent.atomic.AtomicLong clock =
      new java.util.concurrent.atomic.AtomicLong(TimeUnit.SECONDS.toNanos(1_000));

  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private final List<ConsumptionMode> switches = new CopyOnWriteArrayList<>();
  private final List<Collection<TopicPartition>> revocations = new CopyOnWriteArrayList<>();
  private final PaperboyListener listener =
      new PaperboyListener() {
        @Override
        public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
          switches.add(to);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          revocations.add(List.copyOf(partitions));
        }
      };
  private PollLoop<String, String> loop;
  private Future<?> run;

  @AfterEach
  void stopLoop() {
    if (loop != null) {
      loop.stop();
    }
    runner.shutdownNow();
  }

  @Test
  void commitsOnlyWhatWasHandledOnShutdown() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().build(), List.of(P0, P1));
    addRecords(P0, 0, 5);
    addRecords(P1, 0, 3);
    await(() -> handler.handled.size() == 8);

    loop.stop();
    run.get(10, TimeUnit.SECONDS);

    assertThat(loop.state()).isEqualTo(EngineState.STOPPED);
    assertThat(consumer.committedOffset(P0)).isEqualTo(5);
    assertThat(consumer.committedOffset(P1)).isEqualTo(3);
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void interruptingTheLoopsThreadStopsItGracefullyAndKeepsTheFlag() throws Exception {
    Recorder handler = new Recorder();
    loop = loop(handler, options().commitIntervalMs(60_000).build(), List.of(P0));
    java.util.concurrent.atomic.AtomicBoolean flagAfterRun =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread thread =
        new Thread(
            () -> {
              loop.run();
              flagAfterRun.set(Thread.currentThread().isInterrupted());
            });
    thread.start();
    addRecords(P0, 0, 5);
    await(() -> handler.handled.size() == 5);

    thread.interrupt();
    thread.join(10_000);

    assertThat(loop.state()).isEqualTo(EngineState.STOPPED);
    assertThat(consumer.committedOffset(P0)).isEqualTo(5);
    assertThat(flagAfterRun).isTrue();
  }

  @Test
  void finalCommitWaitsNoLongerThanTheShutdownTimeout() throws Exception {
    Recorder handler = new Recorder();
    start(
        handler, options().commitIntervalMs(60_000).shutdownTimeoutMs(3_000).build(), List.of(P0));
    addRecords(P0, 0, 5);
    await(() -> handler.handled.size() == 5);

    loop.stop();
    run.get(10, TimeUnit.SECONDS);

    assertThat(consumer.committedOffset(P0)).isEqualTo(5);
    assertThat(consumer.syncCommitTimeouts)
        .singleElement()
        .satisfies(t -> assertThat(t).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void statusShowsOwnedPartitionsOffsetsAndCounters() throws Exception {
    Recorder handler = new Recorder();
    handler.failAt = 3;
    start(handler, options().failOnException(false).commitIntervalMs(10).build(), List.of(P0));
    addRecords(P0, 0, 5);
    await(() -> handler.handled.size() == 4);

    await(
        () -> {
          clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(200)); // commits and snapshots come due
          PartitionStatus p0 = loop.status(List.of("w")).partitions().get(P0);
          return p0 != null && p0.committedOffset() == 5;
        });
    EngineStatus status = loop.status(List.of("w"));

    assertThat(status.state()).isEqualTo(EngineState.RUNNING);
    assertThat(status.handled()).isEqualTo(5);
    assertThat(status.failed()).isEqualTo(1);
    assertThat(status.partitions().get(P0)).isEqualTo(new PartitionStatus(0, 5, 5, false, 0));
    assertThat(status.lastPollAt()).isPresent();
    assertThat(status.lastHandledAt()).isPresent();
    assertThat(status.lastCommitAt()).isPresent();
    assertThat(status.warnings()).containsExactly("w");
  }

  @Test
  void aClusterCheckTimingOutWhileRecordsArriveIsNoProblem() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().build(), List.of(P0));
    addRecords(P0, 0, 5);
    await(() -> handler.handled.size() == 5);
    metadataTimesOut = true;

    addRecords(P0, 5, 5);
    await(() -> handler.handled.size() == 10);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(5)); // the next cluster check is due
    awaitPolls(3);

    assertThat(loop.problem()).isNull();
  }

  @Test
  void theFirstPollJoinsAndItsRecordsReachTheLanesBeforeTheClusterCheck() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    Recorder handler = new Recorder();
    PacedMockConsumer<String, String> probed =
        new PacedMockConsumer<>() {
          @Override
          public ConsumerRecords<String, String> poll(Duration timeout) {
            calls.add("poll " + timeout.toMillis() + " ms");
            return super.poll(timeout);
          }

          @Override
          public Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
            calls.add(
                Eventually.within(TimeUnit.SECONDS.toNanos(1), () -> !handler.handled.isEmpty())
                    ? "check, handled"
                    : "check");
            return super.listTopics(timeout);
          }
        };
    probed.schedulePollTask(
        () -> {
          probed.rebalance(List.of(P0));
          probed.updateBeginningOffsets(Map.of(P0, 0L));
          probed.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k0", "v0"));
        });
    probed.updatePartitions(TOPIC, List.of());
    loop =
        new PollLoop<>(
            probed,
            EngineSpec.of(
                    List.of(handler), List.of(), "b:9092", "g", 300_000, options().build(), null)
                .withClock(clock::get));

    run = runner.submit(loop::run);
    await(() -> calls.size() >= 2);

    assertThat(List.copyOf(calls).subList(0, 2)).containsExactly("poll 500 ms", "check, handled");
  }

  @Test
  void handlesEachPartitionInOffsetOrder() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().build(), List.of(P0, P1));

    for (int i = 0; i < 10; i++) {
      addRecords(P0, i * 10, 10);
      addRecords(P1, i * 10, 10);
    }
    await(() -> handler.handled.size() == 200);

    assertThat(handler.offsets(P0)).isSorted().hasSize(100).doesNotHaveDuplicates();
    assertThat(handler.offsets(P1)).isSorted().hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void timedCommitsFollowTheInterval() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().commitIntervalMs(50).build(), List.of(P0));
    addRecords(P0, 0, 4);
    await(() -> handler.handled.size() == 4);
    awaitPolls(3);
    boolean committedEarly = !consumer.commits.isEmpty();

    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));

    await(() -> consumer.committedOffset(P0) == 4);
    assertThat(committedEarly).isFalse();
  }

  @Test
  void noTimedCommitBeforeTheInterval() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().commitIntervalMs(60_000).build(), List.of(P0));

    addRecords(P0, 0, 4);
    await(() -> handler.handled.size() == 4);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(59));

    awaitPolls(5);

    assertThat(consumer.commits).isEmpty();
  }

  @Test
  void withCommitFalseNeverCommits() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().withCommit(false).commitIntervalMs(0).build(), List.of(P0));
    addRecords(P0, 0, 4);
    await(() -> handler.handled.size() == 4);

    loop.stop();
    run.get(10, TimeUnit.SECONDS);

    assertThat(consumer.commits).isEmpty();
    assertThat(consumer.committedOffset(P0)).isEqualTo(-1);
  }

  @Test
  void fatalErrorStopsWithoutCommittingTheFailedRecord() throws Exception {
    Recorder handler = new Recorder();
    handler.failAt = 3;
    start(handler, options().build(), List.of(P0));
    addRecords(P0, 0, 6);

    Throwable outcome = outcome();

    assertThat(outcome)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("partition 0 at offset 3")
        .hasRootCauseMessage("fail at 3");
    assertThat(loop.state()).isEqualTo(EngineState.FAILED);
    assertThat(consumer.committedOffset(P0)).isEqualTo(3);
    assertThat(handler.offsets(P0)).containsExactly(0L, 1L, 2L);
  }

  @Test
  void toleratedErrorMovesPastTheRecord() throws Exception {
    Recorder handler = new Recorder();
    handler.failAt = 3;
    start(handler, options().failOnException(false).build(), List.of(P0));
    addRecords(P0, 0, 6);
    await(() -> handler.handled.size() == 5);

    loop.stop();
    run.get(10, TimeUnit.SECONDS);

    assertThat(handler.offsets(P0)).containsExactly(0L, 1L, 2L, 4L, 5L);
    assertThat(consumer.committedOffset(P0)).isEqualTo(6);
  }

  @Test
  void revocationCommitsWhatWasHandledOfTheRevokedPartitions() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().build(), List.of(P0, P1));
    addRecords(P0, 0, 5);
    addRecords(P1, 0, 2);
    await(() -> handler.handled.size() == 7);

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
    await(() -> !revocations.isEmpty());

    assertThat(revocations.get(0)).containsExactly(P0);
    assertThat(consumer.commits).as("commits").contains(Map.of(P0, new OffsetAndMetadata(5)));
  }

  @Test
  void bulkModeHandsOverBatchesPerPartitionAndCommitsBatchEnds() throws Exception {
    BatchRecorder handler = new BatchRecorder();
    EngineOptions options =
        options()
            .withBulkMode(true)
            .bulkModeThreshold(null)
            .bulkModeMaxRecords(4)
            .commitIntervalMs(0)
            .build();
    start(handler, options, List.of(P0));
    addRecords(P0, 0, 10);
    await(() -> handler.batches.stream().mapToInt(List::size).sum() >= 8);

    await(() -> consumer.committedOffset(P0) == 8);
    assertThat(handler.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(4));
    assertThat(handler.singles).isEmpty();
  }

  @Test
  void aFullBatchInProgressDoesNotPauseItsPartitionButASecondOneWaitingBehindItDoes()
      throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    BatchRecorder handler =
        new BatchRecorder() {
          @Override
          public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
            super.onBulk(msgs, ctx);
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    EngineOptions options =
        options()
            .withBulkMode(true)
            .bulkModeThreshold(null)
            .bulkModeMaxRecords(4)
            .maxPendingRecordsPerPartition(4)
            .build();
    start(handler, options, List.of(P0));
    addRecords(P0, 0, 4);
    await(() -> handler.batches.size() == 1);
    awaitPolls(3);
    boolean pausedByOneBatch = consumer.paused().contains(P0);

    addRecords(P0, 4, 4);
    await(() -> consumer.paused().contains(P0));
    release.countDown();
    await(() -> handler.batches.size() == 2);

    assertThat(pausedByOneBatch)
        .as("a resume can cost a fetch.max.wait.ms, so one batch in progress must not pause")
        .isFalse();
  }

  @Test
  void partialBatchWaitsForItsTimeout() throws Exception {
    BatchRecorder handler = new BatchRecorder();
    EngineOptions options =
        options().withBulkMode(true).bulkModeThreshold(null).bulkModeTimeoutMs(300).build();
    start(handler, options, List.of(P0));
    addRecords(P0, 0, 3);
    awaitPolls(5);
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(299));
    awaitPolls(5);
    boolean handedOverEarly = !handler.batches.isEmpty();

    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));

    await(() -> handler.batches.size() == 1);
    assertThat(handedOverEarly).isFalse();
    assertThat(handler.batches.get(0)).hasSize(3);
  }

  @Test
  void switchesToBulkWhileLagIsAboveTheThresholdAndBackOnceWhenCaughtUp() throws Exception {
    BatchRecorder handler = new BatchRecorder();
    EngineOptions options =
        options().bulkModeThreshold(20L).bulkModeTimeoutMs(50).bulkModeMaxRecords(30).build();
    consumer.setMaxPollRecords(10);
    start(handler, options, List.of(P0));
    consumer.updateEndOffsets(Map.of(P0, 100L));
    addRecords(P0, 0, 100);
    await(
        () -> handler.singles.size() + handler.batches.stream().mapToInt(List::size).sum() == 100);
    await(() -> switches.size() == 2);

    assertThat(switches).containsExactly(ConsumptionMode.BULK, ConsumptionMode.SINGLE);
    assertThat(loop.mode()).isEqualTo(ConsumptionMode.SINGLE);
    assertThat(handler.batches).isNotEmpty();
  }

  @Test
  void slowHandlerDoesNotStopThePollLoop() throws Exception {
    Recorder handler = new Recorder();
    handler.slowAt = 1;
    handler.slowMillis = 1_000;
    start(handler, options().build(), List.of(P0, P1));
    addRecords(P0, 0, 3);
    addRecords(P1, 0, 3);

    await(() -> handler.offsets(P1).size() == 3);

    awaitPolls(5);

    assertThat(handler.offsets(P0)).as("P0's handler still asleep").containsExactly(0L);
  }

  @Test
  void poisonPillStopsTheEngineBeforeItUnderFailOnException() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().build(), List.of(P0));
    addRecords(P0, 0, 5);
    await(() -> handler.handled.size() == 5);

    consumer.setPollException(poisonPill(P0, 5));
    Throwable outcome = outcome();

    assertThat(outcome)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("cannot be deserialized on topic orders partition 0 at offset 5");
    assertThat(consumer.committedOffset(P0)).isEqualTo(5);
  }

  @Test
  void recordsBeforeAFatalPoisonPillAreHandledAndCommittedFirst() throws Exception {
    Recorder handler = new Recorder();
    handler.slowAt = 0;
    handler.slowMillis = 300;
    start(handler, options().build(), List.of(P0));
    addRecords(P0, 0, 5);
    await(() -> handler.started.get() >= 1);

    consumer.setPollException(poisonPill(P0, 5));
    Throwable outcome = outcome();

    assertThat(outcome).hasMessageContaining("at offset 5");
    assertThat(handler.offsets(P0)).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(consumer.committedOffset(P0)).isEqualTo(5);
  }

  @Test
  void poisonPillIsSkippedAndCommittedPastWithoutFailOnException() throws Exception {
    Recorder handler = new Recorder();
    start(handler, options().failOnException(false).commitIntervalMs(0).build(), List.of(P0));
    addRecords(P0, 0, 5);
    await(() -> handler.handled.size() == 5);

    consumer.setPollException(poisonPill(P0, 5));
    await(() -> consumer.position(P0) == 6);
    addRecords(P0, 6, 3);
    await(() -> handler.handled.size() == 8);
    await(() -> consumer.committedOffset(P0) == 9);

    assertThat(handler.offsets(P0)).containsExactly(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L);
  }

  private static RecordDeserializationException poisonPill(TopicPartition tp, long offset) {
    return new RecordDeserializationException(
        RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
        tp,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        null,
        ByteBuffer.wrap(new byte[] {1, 2, 3}),
        new RecordHeaders(),
        "cannot deserialize",
        new IllegalArgumentException("bad bytes"));
  }

  private int pollCount() {
    return consumer.polls.get();
  }

  /** Waits until the loop polled {@code count} more times. */
  private void awaitPolls(int count) throws InterruptedException {
    int target = pollCount() + count;
    await(() -> pollCount() >= target);
  }

  private EngineOptions.Builder options() {
    return EngineOptions.builder().listener(listener).shutdownHook(false);
  }

  private void start(
      PaperboyHandler<String, String> handler, EngineOptions options, List<TopicPartition> owned) {
    loop = loop(handler, options, owned);
    run = runner.submit(loop::run);
  }

  private PollLoop<String, String> loop(
      PaperboyHandler<String, String> handler, EngineOptions options, List<TopicPartition> owned) {
    Map<TopicPartition, Long> beginnings = new HashMap<>();
    owned.forEach(tp -> beginnings.put(tp, 0L));
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(owned);
          consumer.updateBeginningOffsets(beginnings);
        });
    consumer.updatePartitions(TOPIC, List.of());
    return new PollLoop<>(
        consumer,
        EngineSpec.of(List.of(handler), List.of(), "b:9092", "g", 300_000, options, null)
            .withClock(clock::get));
  }

  private Throwable outcome() throws Exception {
    try {
      run.get(10, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  private void addRecords(TopicPartition tp, long from, int count) throws Exception {
    await(() -> consumer.assignment().contains(tp));
    for (long offset = from; offset < from + count; offset++) {
      consumer.addRecord(
          new ConsumerRecord<>(TOPIC, tp.partition(), offset, "k" + offset, "v" + offset));
    }
  }

  static class Recorder extends PaperboyHandler<String, String> {
    final List<ConsumerRecord<String, String>> handled = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger started =
        new java.util.concurrent.atomic.AtomicInteger();
    volatile long failAt = -1;
    volatile long slowAt = -1;
    volatile long slowMillis;

    @Override
    public String topic() {
      return TOPIC;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) throws Exception {
      started.incrementAndGet();
      if (msg.offset() == slowAt && msg.partition() == 0) {
        Thread.sleep(slowMillis);
      }
      if (msg.offset() == failAt) {
        throw new IllegalStateException("fail at " + failAt);
      }
      handled.add(msg);
    }

    List<Long> offsets(TopicPartition tp) {
      List<Long> offsets = new ArrayList<>();
      for (ConsumerRecord<String, String> r : handled) {
        if (r.partition() == tp.partition()) {
          offsets.add(r.offset());
        }
      }
      return offsets;
    }
  }

  static class BatchRecorder extends PaperboyBulkHandler<String, String> {
    final List<List<ConsumerRecord<String, String>>> batches = new CopyOnWriteArrayList<>();
    final List<ConsumerRecord<String, String>> singles = new CopyOnWriteArrayList<>();

    @Override
    public String topic() {
      return TOPIC;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      singles.add(msg);
    }

    @Override
    public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
      batches.add(List.copyOf(msgs));
    }
  }
}
