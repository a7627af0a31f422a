package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitterTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);

  private final OffsetTracker tracker = new OffsetTracker();
  private final AtomicLong clock = new AtomicLong();
  private final List<OffsetCommitCallback> unanswered = new ArrayList<>();
  private final List<Map<TopicPartition, OffsetAndMetadata>> sent = new ArrayList<>();
  private final MockConsumer<String, String> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitAsync(
            Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
          sent.add(offsets);
          unanswered.add(callback);
        }
      };
  private final Committer committer =
      new Committer(consumer, tracker, PaperboyListener.NONE, true, clock::get);

  @Test
  void holdsTheNextCommitBackWhileOneIsInFlight() {
    tracker.assigned(List.of(P0));
    tracker.handled(P0, 10);
    committer.commitAsync(clock.get());
    tracker.handled(P0, 20);

    boolean sentWhileInFlight = committer.commitAsync(clock.get());
    unanswered.get(0).onComplete(sent.get(0), null);
    boolean sentAfterTheAnswer = committer.commitAsync(clock.get());

    assertThat(sentWhileInFlight).isFalse();
    assertThat(sentAfterTheAnswer).isTrue();
    assertThat(sent)
        .containsExactly(
            Map.of(P0, new OffsetAndMetadata(10)), Map.of(P0, new OffsetAndMetadata(20)));
    assertThat(tracker.committedOffset(P0)).isEqualTo(10);
  }

  @Test
  void aCommitUnansweredForLongNoLongerHoldsTheNextBack() {
    tracker.assigned(List.of(P0));
    tracker.handled(P0, 10);
    committer.commitAsync(clock.get());
    tracker.handled(P0, 20);

    clock.addAndGet(TimeUnit.SECONDS.toNanos(11));

    assertThat(committer.commitAsync(clock.get())).isTrue();
  }

  @Test
  void failedCommitIsOfferedAgainWithTheNext() {
    tracker.assigned(List.of(P0));
    tracker.handled(P0, 10);
    committer.commitAsync(clock.get());

    unanswered
        .get(0)
        .onComplete(sent.get(0), new org.apache.kafka.common.errors.TimeoutException("slow"));

    assertThat(committer.commitAsync(clock.get())).isTrue();
    assertThat(sent.get(1)).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
  }
}
