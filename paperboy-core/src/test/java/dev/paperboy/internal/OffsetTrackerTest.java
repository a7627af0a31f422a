package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private OffsetTracker tracker;

  @BeforeEach
  void assignTwoPartitions() {
    tracker = new OffsetTracker();
    tracker.assigned(List.of(P0, P1));
  }

  @Test
  void nothingIsCommittableBeforeARecordIsHandled() {
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void commitsTheOffsetAfterTheLastHandledRecord() {
    tracker.handled(P0, 42);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(42)));
  }

  @Test
  void committableOffsetNeverDecreases() {
    tracker.handled(P0, 42);
    tracker.handled(P0, 17);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(42)));
    assertThat(tracker.handledOffset(P0)).isEqualTo(42);
  }

  @Test
  void sentOffsetsAreNotOfferedTwice() {
    tracker.handled(P0, 10);
    tracker.commitSent(tracker.committable());

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void progressAfterASentCommitIsOfferedAgain() {
    tracker.handled(P0, 10);
    tracker.commitSent(tracker.committable());

    tracker.handled(P0, 15);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(15)));
  }

  @Test
  void failedCommitIsOfferedAgain() {
    tracker.handled(P0, 10);
    Map<TopicPartition, OffsetAndMetadata> sent = tracker.committable();
    tracker.commitSent(sent);

    tracker.commitFailed(sent);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void failureOfAnOlderCommitDoesNotReofferWhatANewerOneCovers() {
    tracker.handled(P0, 10);
    Map<TopicPartition, OffsetAndMetadata> older = tracker.committable();
    tracker.commitSent(older);
    tracker.handled(P0, 20);
    tracker.commitSent(tracker.committable());

    tracker.commitFailed(older);

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void succeededCommitIsRemembered() {
    tracker.handled(P0, 10);
    Map<TopicPartition, OffsetAndMetadata> sent = tracker.committable();
    tracker.commitSent(sent);

    tracker.commitSucceeded(sent);

    assertThat(tracker.committedOffset(P0)).isEqualTo(10);
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void revokedPartitionDropsPendingOffsets() {
    tracker.handled(P0, 10);
    tracker.handled(P1, 5);

    tracker.revoked(List.of(P0));

    assertThat(tracker.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(5)));
  }

  @Test
  void acknowledgementForARevokedPartitionIsIgnored() {
    tracker.revoked(List.of(P0));

    tracker.handled(P0, 99);

    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.handledOffset(P0)).isEqualTo(-1);
  }

  @Test
  void reassignedPartitionStartsWithNothingCommittable() {
    tracker.handled(P0, 10);
    tracker.revoked(List.of(P0));

    tracker.assigned(List.of(P0));

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void unacknowledgedCanBeRestrictedToSomePartitions() {
    tracker.handled(P0, 10);
    tracker.handled(P1, 5);

    assertThat(tracker.unacknowledged(List.of(P1))).isEqualTo(Map.of(P1, new OffsetAndMetadata(5)));
  }

  @Test
  void unacknowledgedIncludesOffsetsOfACommitStillInFlight() {
    tracker.handled(P0, 10);
    tracker.commitSent(Map.of(P0, new OffsetAndMetadata(10)));

    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.unacknowledged()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void acknowledgedOffsetsAreNotUnacknowledged() {
    tracker.handled(P0, 10);
    tracker.commitSent(Map.of(P0, new OffsetAndMetadata(10)));
    tracker.commitSucceeded(Map.of(P0, new OffsetAndMetadata(10)));

    assertThat(tracker.unacknowledged()).isEmpty();
  }

  @Test
  void assigningAnOwnedPartitionAgainKeepsItsProgress() {
    tracker.handled(P0, 10);

    tracker.assigned(List.of(P0));

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void recordsFinishedAboveTheCommittableOffsetTravelWithTheCommit() {
    String[] above = {"pb1:Ag"};
    tracker.completedAbove(P0, base -> above[0]);
    tracker.handled(P0, 10);

    Map<TopicPartition, OffsetAndMetadata> first = tracker.committable();
    assertThat(first).isEqualTo(Map.of(P0, new OffsetAndMetadata(10, "pb1:Ag")));
    tracker.commitSent(first);
    tracker.commitSucceeded(first);
    assertThat(tracker.committable()).as("nothing changed").isEmpty();
    assertThat(tracker.unacknowledged()).isEmpty();

    above[0] = "pb1:Bg";
    assertThat(tracker.committable())
        .as("more finished above the same offset is worth a commit")
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(10, "pb1:Bg")));
    assertThat(tracker.unacknowledged()).containsKey(P0);
  }

  @Test
  void aFailedCommitOfMetadataIsOfferedAgain() {
    tracker.completedAbove(P0, base -> "pb1:Ag");
    tracker.handled(P0, 10);
    Map<TopicPartition, OffsetAndMetadata> sent = tracker.committable();
    tracker.commitSent(sent);
    assertThat(tracker.committable()).isEmpty();

    tracker.commitFailed(sent);

    assertThat(tracker.committable()).isEqualTo(sent);
  }
}
