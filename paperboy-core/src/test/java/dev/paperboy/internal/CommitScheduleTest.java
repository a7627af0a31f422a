package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitScheduleTest {
  private static final long MS = 1_000_000L;
  private static final TopicPartition P0 = new TopicPartition("t", 0);

  @Test
  void firstCommitIsDueOneIntervalAfterStart() {
    CommitSchedule schedule = new CommitSchedule(1_000, 5 * MS);

    assertThat(schedule.isDue(1_004 * MS)).isFalse();
    assertThat(schedule.nanosUntilDue(505 * MS)).isEqualTo(500 * MS);
    assertThat(schedule.isDue(1_005 * MS)).isTrue();
  }

  @Test
  void nextCommitIsDueOneIntervalAfterTheLast() {
    CommitSchedule schedule = new CommitSchedule(1_000, 0);

    schedule.committed(1_500 * MS);

    assertThat(schedule.isDue(2_499 * MS)).isFalse();
    assertThat(schedule.isDue(2_500 * MS)).isTrue();
  }

  @Test
  void overdueCommitWaitsNoTime() {
    CommitSchedule schedule = new CommitSchedule(1_000, 0);

    assertThat(schedule.nanosUntilDue(5_000 * MS)).isZero();
  }

  @Test
  void aCommitDeferredByOneInFlightIsSentOnceItIsAnsweredNotAnIntervalLater() {
    List<OffsetCommitCallback> unanswered = new ArrayList<>();
    MockConsumer<String, String> consumer =
        new MockConsumer<>("earliest") {
          @Override
          public synchronized void commitAsync(
              Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            unanswered.add(callback);
          }
        };
    OffsetTracker tracker = new OffsetTracker();
    tracker.assigned(List.of(P0));
    Committer committer = new Committer(consumer, tracker, PaperboyListener.NONE, true, () -> 0);
    CommitSchedule schedule = new CommitSchedule(1_000, 0);
    tracker.handled(P0, 10);
    schedule.commitIfDue(committer, 1_000 * MS);
    tracker.handled(P0, 20);

    schedule.commitIfDue(committer, 2_000 * MS);
    unanswered.get(0).onComplete(Map.of(P0, new OffsetAndMetadata(10)), null);
    schedule.commitIfDue(committer, 2_100 * MS);

    assertThat(unanswered).hasSize(2);
    assertThat(schedule.isDue(3_000 * MS)).isFalse();
    assertThat(schedule.isDue(3_100 * MS)).isTrue();
  }

  @Test
  void zeroIntervalIsAlwaysDue() {
    CommitSchedule schedule = new CommitSchedule(0, 0);

    schedule.committed(7 * MS);

    assertThat(schedule.isDue(7 * MS)).isTrue();
  }
}
