package dev.paperboy.internal;

import static dev.paperboy.internal.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.table.TableStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TableReaderTest {
  private static final String TOPIC = "users";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final FlakyConsumer consumer = new FlakyConsumer();
  private final TableDataTest.FakeStore store = new TableDataTest.FakeStore();
  private final BlockingQueue<Optional<String>> problems = new LinkedBlockingQueue<>();
  private final BlockingQueue<PoisonPill> pills = new LinkedBlockingQueue<>();
  private final PaperboyListener listener =
      new PaperboyListener() {
        @Override
        public void onProblem(String problem) {
          problems.add(Optional.ofNullable(problem));
        }

        @Override
        public void onPoisonPill(PoisonPill pill, boolean fatal) {
          pills.add(pill);
        }
      };
  private TableData data;
  private TableReader reader;
  private Thread thread;

  @AfterEach
  void stopReader() throws InterruptedException {
    store.release.countDown(); // a test that failed while its store held an apply
    if (reader != null) {
      reader.close();
      thread.join(10_000);
    }
  }

  @Test
  void readerFailingAfterTheRestoreReportsAProblem() throws Exception {
    startRestoredOnAnEmptyTopic();

    consumer.setPollException(new KafkaException("corrupt batch"));

    Optional<String> problem = problems.poll(10, TimeUnit.SECONDS);
    assertThat(problem).isNotNull();
    assertThat(problem.orElseThrow()).contains(TOPIC, "corrupt batch");
    assertThat(reader.status().problem()).isEqualTo(problem);
    assertThat(reader.failure()).isNotNull();
  }

  @Test
  void readerRetriesATimeoutAfterTheRestoreAndClearsTheProblemOnceItReadsAgain() throws Exception {
    startRestoredOnAnEmptyTopic();

    consumer.setPollException(new TimeoutException("no leader"));

    Optional<String> problem = problems.poll(10, TimeUnit.SECONDS);
    assertThat(problem).isNotNull();
    assertThat(problem.orElseThrow()).contains(TOPIC, "no leader");
    assertThat(problems.poll(10, TimeUnit.SECONDS)).isEmpty();
    consumer.schedulePollTask(() -> consumer.addRecord(record(0, "k", "v")));
    awaitStored("k");
    assertThat(reader.status().problem()).isEmpty();
    assertThat(reader.failure()).isNull();
  }

  @Test
  void restoreOutlastsTimeoutsOfTheEndOffsetsAndPositionsAsAStall() throws Exception {
    twoRecordsToRestore();
    consumer.endOffsetsTimeouts = 2;
    consumer.positionTimeouts = 3;

    startReader();

    assertThat(reader.awaitRestored(10_000)).isTrue();
    assertThat(reader.failure()).isNull();
    assertThat(reader.status().restored()).isTrue();
    assertThat(store.size()).isEqualTo(2);
    assertThat(reader.status().restoredOffsets()).isEqualTo(2);
    assertThat(reader.status().offsetsToRestore()).isEqualTo(2);
    assertThat(problems.poll(10, TimeUnit.SECONDS).orElseThrow()).contains(TOPIC, "end offsets");
  }

  @Test
  void storedOffsetBeyondTheEndOfARecreatedTopicRestoresFromTheBeginning() throws Exception {
    store.apply(0, List.of(new TableStore.Change(b("gone"), b("old"))), 50);
    topic(0L, 1L);
    consumer.schedulePollTask(() -> consumer.addRecord(record(0, "k", "v")));

    startReader();

    assertThat(reader.awaitRestored(10_000)).isTrue();
    assertThat(store.get(b("gone"))).isNull();
    assertThat(store.get(b("k"))).isEqualTo(b("v"));
    assertThat(store.offsets()).containsEntry(0, 1L);
  }

  @Test
  void storedOffsetBeforeTheBeginningOfATruncatedTopicRestoresFromTheBeginning() throws Exception {
    store.apply(0, List.of(new TableStore.Change(b("gone"), b("old"))), 2);
    topic(5L, 6L);
    consumer.schedulePollTask(() -> consumer.addRecord(record(5, "k", "v")));

    startReader();

    assertThat(reader.awaitRestored(10_000)).isTrue();
    assertThat(store.get(b("gone"))).isNull();
    assertThat(store.get(b("k"))).isEqualTo(b("v"));
  }

  @Test
  void storeHearsOfTheRestoreBeforeItsAppliesAndOfItsEndBeforeTheTableCountsAsRestored()
      throws Exception {
    twoRecordsToRestore();

    startReader();

    assertThat(reader.awaitRestored(10_000)).isTrue();
    assertThat(reader.status().restored()).isTrue();
    assertThat(store.calls).containsExactly("restoring 2", "apply 0 up to 2", "restored");

    consumer.schedulePollTask(() -> consumer.addRecord(record(2, "c", "3")));
    awaitCall("apply 0 up to 3"); // the fake store notes a call after applying it

    assertThat(store.calls).endsWith("restored", "apply 0 up to 3");
  }

  @Test
  void readerReadsTheNextPollWhileThePreviousIsAppliedAndNoFurther() throws Exception {
    topic(0L, 3L);
    AtomicInteger pollsServed = new AtomicInteger();
    for (int offset = 0; offset < 3; offset++) {
      String key = "k" + offset;
      long at = offset;
      consumer.schedulePollTask(
          () -> {
            pollsServed.incrementAndGet();
            consumer.addRecord(record(at, key, "v"));
          });
    }
    store.holdApplies();

    startReader();

    assertThat(store.applying.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.applyThread).isEqualTo("paperboy-table-" + TOPIC + "-apply");
    await("the reader waits for the first apply", () -> waitsIn(thread, "awaitApplied"));
    assertThat(pollsServed).hasValue(2); // the second poll was read meanwhile, not the third
    assertThat(store.calls).containsExactly("restoring 3");
    assertThat(reader.status().restored()).isFalse();

    store.release.countDown();

    assertThat(reader.awaitRestored(10_000)).isTrue();
    assertThat(store.calls)
        .containsExactly(
            "restoring 3", "apply 0 up to 1", "apply 0 up to 2", "apply 0 up to 3", "restored");
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void closedReaderEndsOnlyAfterTheApplyInProgress() throws Exception {
    twoRecordsToRestore();
    store.holdApplies();
    startReader();
    assertThat(store.applying.await(10, TimeUnit.SECONDS)).isTrue();
    await("the reader waits for the apply", () -> waitsIn(thread, "awaitApplied"));

    reader.close();

    assertThat(thread.isAlive()).isTrue();
    assertThat(store.calls).containsExactly("restoring 2"); // the apply is still held
    store.release.countDown();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(store.calls).contains("apply 0 up to 2");
  }

  @Test
  void failedApplyEndsTheReaderWhilePollsKeepTimingOut() throws Exception {
    startRestoredOnAnEmptyTopic();
    store.failApplies(new IllegalStateException("disk full"));

    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(0, "k", "v"));
          consumer.pollsTimeOut = true; // from the next poll on
        });

    await("the reader failed", () -> reader.failure() != null);
    assertThat(reader.failure()).hasMessageContaining("disk full");
    assertThat(reader.status().problem().orElseThrow()).contains("disk full");
  }

  @Test
  void failedApplyEndsTheReaderWithTheStoresError() throws Exception {
    twoRecordsToRestore();
    store.failApplies(new IllegalStateException("disk full"));

    startReader();

    assertThat(reader.awaitRestored(10_000)).isTrue();
    assertThat(reader.status().restored()).isFalse();
    assertThat(reader.failure()).hasMessageContaining(TOPIC).hasMessageContaining("disk full");
    assertThat(reader.status().problem().orElseThrow()).contains("disk full");
  }

  @Test
  void recordWithoutAKeyIsReportedAsAPoisonPillAndSkipped() throws Exception {
    topic(0L, 2L);
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, null, b("no key")));
          consumer.addRecord(record(1, "k", "v"));
        });

    startReader();

    assertThat(reader.awaitRestored(10_000)).isTrue();
    PoisonPill pill = pills.poll(10, TimeUnit.SECONDS);
    assertThat(pill).isNotNull();
    assertThat(pill.offset()).isZero();
    assertThat(store.size()).isEqualTo(1);
  }

  void topic(long beginning, long end) {
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(P0, beginning));
    consumer.updateEndOffsets(Map.of(P0, end));
  }

  void startReader() {
    TopicTable<String, String> table =
        new TopicTable<>(TOPIC, Serdes.String(), Serdes.String(), topic -> store);
    data = table.open();
    reader =
        new TableReader(
            table, data, consumer, listener, System::nanoTime, TableRuntime.STALL_NANOS, 1);
    thread = new Thread(reader, "paperboy-table-" + TOPIC);
    thread.start();
  }

  /** Starts the reader on an empty one-partition topic and waits for its (empty) restore. */
  void startRestoredOnAnEmptyTopic() throws InterruptedException {
    topic(0L, 0L);
    startReader();
    assertThat(reader.awaitRestored(10_000)).isTrue();
  }

  /** A one-partition topic holding a=1 and b=2 at offsets 0 and 1, returned by the next poll. */
  void twoRecordsToRestore() {
    topic(0L, 2L);
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(0, "a", "1"));
          consumer.addRecord(record(1, "b", "2"));
        });
  }

  void awaitStored(String key) throws InterruptedException {
    await("stored " + key, () -> store.get(b(key)) != null);
  }

  private void awaitCall(String call) throws InterruptedException {
    await("store called: " + call, () -> store.calls.contains(call));
  }

  /** Whether {@code thread} is blocked inside {@code TableApplier.<method>}. */
  static boolean waitsIn(Thread thread, String method) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(TableApplier.class.getName())
          && frame.getMethodName().equals(method)) {
        return true;
      }
    }
    return false;
  }

  static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, b(key), b(value));
  }

  /** The UTF-8 bytes of {@code s}, or null for null (a record without a key). */
  static byte[] b(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** A MockConsumer whose offset lookups time out a given number of times first. */
  static final class FlakyConsumer extends PacedMockConsumer<byte[], byte[]> {
    volatile int endOffsetsTimeouts;
    volatile int positionTimeouts;
    volatile boolean pollsTimeOut;

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      if (pollsTimeOut) {
        throw new TimeoutException("poll: no leader");
      }
      return super.poll(timeout);
    }

    @Override
    public synchronized Map<TopicPartition, Long> endOffsets(
        java.util.Collection<TopicPartition> partitions) {
      if (endOffsetsTimeouts > 0) {
        endOffsetsTimeouts--;
        throw new TimeoutException("end offsets: no answer");
      }
      return super.endOffsets(partitions);
    }

    @Override
    public synchronized long position(TopicPartition partition) {
      if (positionTimeouts > 0) {
        positionTimeouts--;
        throw new TimeoutException("position: no answer");
      }
      return super.position(partition);
    }
  }
}
