package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A lane driven by hand: its executor and its retry timer run only when the test says so. */
class PartitionLaneTest {
  private static final String TOPIC = "orders";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final Queue<Runnable> executor = new ArrayDeque<>();
  private final List<Long> timerDelays = new ArrayList<>();
  private final Queue<Runnable> timer = new ArrayDeque<>();
  private final List<Long> handled = new ArrayList<>();
  private int wakeUps;

  @Test
  void handlesQueuedRecordsInOrderAndReportsTheHandledOffset() {
    PartitionLane<String, String> lane = lane(failingOn(-1), RetryPolicy.none(), listener());

    lane.submit(records(0, 3));
    runExecutor();

    assertThat(handled).containsExactly(0L, 1L, 2L);
    assertThat(lane.handledOffset()).isEqualTo(3);
    assertThat(lane.pending()).isZero();
  }

  @Test
  void aBackoffHandsTheLaneToTheTimerAndFreesTheThread() {
    PartitionLane<String, String> lane =
        lane(failingOn(1), RetryPolicy.ofFixedBackoff(3, Duration.ofSeconds(5)), listener());

    lane.submit(records(0, 3));
    runExecutor();

    assertThat(handled).containsExactly(0L);
    assertThat(lane.handledOffset()).isEqualTo(1);
    assertThat(timerDelays).containsExactly(5_000L);
    assertThat(executor).as("no turn holds a thread while backing off").isEmpty();

    timer.poll().run();
    runExecutor();

    assertThat(timerDelays).containsExactly(5_000L, 5_000L);
    timer.poll().run();
    runExecutor();
    assertThat(lane.failure()).isNotNull();
    assertThat(lane.failure().offset()).isEqualTo(1);
    assertThat(lane.handledOffset()).as("never past the failed record").isEqualTo(1);
    assertThat(lane.pending()).isZero();
  }

  @Test
  void closingDuringABackoffEndsItAtOnceWithoutMovingTheOffset() {
    PartitionLane<String, String> lane =
        lane(failingOn(1), RetryPolicy.ofFixedBackoff(3, Duration.ofSeconds(5)), listener());
    lane.submit(records(0, 3));
    runExecutor();

    lane.close();
    runExecutor();

    assertThat(lane.pending()).isZero();
    assertThat(lane.handledOffset()).isEqualTo(1);
    assertThat(lane.failure()).isNull();
    timer.poll().run(); // the stale timer task finds the backoff over
    assertThat(executor).isEmpty();
  }

  @Test
  void aListenerThrowingAnErrorCannotSkipTheLanesRelease() {
    PaperboyListener throwing =
        new PaperboyListener() {
          @Override
          public void onRecordsHandled(TopicPartition partition, int count, long nanos) {
            throw new AssertionError("listener bug");
          }
        };
    PartitionLane<String, String> lane = lane(failingOn(-1), RetryPolicy.none(), throwing);

    lane.submit(records(0, 2));
    try {
      runExecutor();
    } catch (AssertionError expected) {
      // the lane's thread sees it; the lane's bookkeeping must not
    }

    assertThat(lane.pending()).isZero();
    assertThat(lane.handledOffset()).isEqualTo(2);
  }

  @Test
  void aFinishedBatchDoesNotWakeThePollThread() {
    PartitionLane<String, String> lane = lane(failingOn(-1), RetryPolicy.none(), listener());

    lane.submit(Work.batch(records(0, 2).records(), 0));
    runExecutor();

    assertThat(wakeUps).isZero();
    assertThat(lane.handledOffset()).isEqualTo(2);
  }

  @Test
  void aLaneAskedToWakeWhenDrainedWakesThePollThreadOnceItsWorkIsDone() {
    PartitionLane<String, String> lane = lane(failingOn(-1), RetryPolicy.none(), listener());
    lane.submit(Work.batch(records(0, 2).records(), 0));
    lane.submit(Work.batch(records(2, 2).records(), 0));

    lane.wakeWhenPendingAtMost(0);
    runExecutor();

    assertThat(wakeUps).isEqualTo(1);
    assertThat(lane.handledOffset()).isEqualTo(4);
  }

  private void runExecutor() {
    Runnable task;
    while ((task = executor.poll()) != null) {
      task.run();
    }
  }

  private PartitionLane<String, String> lane(
      PaperboyHandler<String, String> handler, RetryPolicy retry, PaperboyListener listener) {
    return new PartitionLane<>(
        P0,
        new Route<>(handler),
        executor::add,
        new WorkProcessor<>(true, retry, null, PaperboyListener.NONE, Interceptors.NONE),
        (delayMs, task) -> {
          timerDelays.add(delayMs);
          timer.add(task);
        },
        listener,
        () -> wakeUps++,
        () -> 0L);
  }

  private PaperboyHandler<String, String> failingOn(long offset) {
    return PaperboyHandler.of(
        TOPIC,
        (msg, ctx) -> {
          if (msg.offset() == offset) {
            throw new IllegalStateException("bad record " + offset);
          }
          handled.add(msg.offset());
        });
  }

  private static PaperboyListener listener() {
    return PaperboyListener.NONE;
  }

  private static Work<String, String> records(long from, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new ConsumerRecord<>(TOPIC, 0, from + i, "k", "v"));
    }
    return Work.records(records, 0);
  }
}
