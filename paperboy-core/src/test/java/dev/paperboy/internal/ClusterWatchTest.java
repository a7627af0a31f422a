package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

/** The cluster watch, stepped by hand: a consumer whose cluster answers or not, numeric time. */
class ClusterWatchTest {
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  private boolean reachable = true;
  private RuntimeException failure;
  private final List<String> reported = new ArrayList<>();
  private final MockConsumer<String, String> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
          if (failure != null) {
            throw failure;
          }
          if (!reachable) {
            throw new TimeoutException("no answer");
          }
          return Map.of("orders", List.of());
        }
      };
  private final PaperboyListener listener =
      new PaperboyListener() {
        @Override
        public void onProblem(String problem) {
          reported.add(problem == null ? "resolved" : problem);
        }
      };

  @Test
  void aJoinJustBeforeTheStartupTimeoutCountsAtOnce() {
    ClusterWatch watch = watch(4_000);
    watch.check(0, false, false);

    watch.check(3 * S, true, false);

    watch.check(5 * S, true, false); // past the timeout: no throw, the engine started at 3 s
    assertThat(watch.problem()).isNull();
  }

  @Test
  void theStartupTimeoutFailsAnEngineThatNeverJoined() {
    ClusterWatch watch = watch(4_000);
    watch.check(0, false, false);

    assertThatThrownBy(() -> watch.check(4 * S, false, false))
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("has not joined consumer group g");
  }

  @Test
  void aClusterLostAfterTheStartIsReportedAndItsReturnToo() {
    ClusterWatch watch = watch(4_000);
    watch.check(0, true, false);
    reachable = false;

    watch.check(5 * S, true, false);
    String lost = watch.problem();
    reachable = true;
    watch.check(10 * S, true, false);

    assertThat(lost).contains("cannot reach the Kafka cluster at bootstrap.servers=b:9092");
    assertThat(watch.problem()).isNull();
    assertThat(reported).containsExactly(lost, "resolved");
  }

  @Test
  void aCheckTimingOutWhileTheConsumerFetchesRecordsIsNoProblem() {
    ClusterWatch watch = watch(0);
    watch.check(0, true, false);
    reachable = false; // a loaded machine: the metadata request waits behind fetches

    watch.check(1 * S, true, true);
    watch.check(5 * S, true, false);

    assertThat(watch.problem()).isNull();
    assertThat(reported).isEmpty();
  }

  @Test
  void aCheckTimingOutWithoutRecordsSinceTheLastCheckIsReported() {
    ClusterWatch watch = watch(0);
    watch.check(0, true, false);
    reachable = false;
    watch.check(1 * S, true, true);
    watch.check(5 * S, true, false); // the records of 1 s vouch for this check only

    watch.check(10 * S, true, false);

    assertThat(watch.problem())
        .startsWith("cannot reach the Kafka cluster at bootstrap.servers=b:9092")
        .contains("no answer within 2000 ms", "TimeoutException");
    assertThat(reported).containsExactly(watch.problem());
  }

  @Test
  void recordsArrivingResolveAnUnreachableCluster() {
    ClusterWatch watch = watch(0);
    reachable = false;
    watch.check(0, true, false);
    String lost = watch.problem();

    watch.check(5 * S, true, true); // the check still times out, but records came

    assertThat(lost).startsWith("cannot reach the Kafka cluster");
    assertThat(watch.problem()).isNull();
    assertThat(reported).containsExactly(lost, "resolved");
  }

  @Test
  void aRefusalIsReportedEvenWhileTheConsumerFetchesRecords() {
    ClusterWatch watch = watch(0);
    watch.check(0, true, false);
    failure = new TopicAuthorizationException(Set.of("orders"));

    watch.check(5 * S, true, true);

    assertThat(watch.problem())
        .isEqualTo(
            "cannot read the topics of the cluster at bootstrap.servers=b:9092:"
                + " TopicAuthorizationException: Not authorized to access topics: [orders]");
  }

  @Test
  void aMissingDeadLetterTopicIsAWarningNotAProblem() {
    ClusterWatch watch = watch(0);

    watch.check(0, true, false);

    assertThat(watch.problem()).isNull();
    assertThat(watch.warnings())
        .singleElement()
        .asString()
        .contains("dead-letter topics [orders.DLT] do not exist");
  }

  @Test
  void aWakeUpDuringTheCheckIsNoProblem() {
    ClusterWatch watch = watch(0);
    watch.check(0, true, false);
    // A handler thread woke the poll thread (consumer.wakeup()) while it waited for listTopics.
    failure = new WakeupException();

    watch.check(5 * S, true, false);

    assertThat(watch.problem()).isNull();
    assertThat(reported).isEmpty();
  }

  @Test
  void aFailureWithoutAMessageIsNamedByItsClass() {
    ClusterWatch watch = watch(0);
    failure = new KafkaException(null, new TopicAuthorizationException(Set.of("orders")));

    watch.check(0, true, false);

    assertThat(watch.problem())
        .startsWith("cannot read the topics of the cluster at bootstrap.servers=b:9092")
        .contains("KafkaException", "TopicAuthorizationException", "[orders]")
        .doesNotContain("null");
  }

  @Test
  void anInterruptDuringTheCheckIsNoProblemButReachesTheLoop() {
    ClusterWatch watch = watch(0);
    failure = new InterruptException(new InterruptedException());
    Thread.interrupted(); // the exception flagged this thread, as a real interrupt would

    assertThatThrownBy(() -> watch.check(0, true, false)).isSameAs(failure);
    assertThat(watch.problem()).isNull();
    assertThat(reported).isEmpty();
  }

  @Test
  void aCauseIsNamedOnceWhenTheMessageOnlyRepeatsIt() {
    Exception wrapped = new KafkaException(new TopicAuthorizationException(Set.of("orders")));

    String described = ClusterWatch.describe(wrapped);

    assertThat(described)
        .isEqualTo(
            "KafkaException, caused by TopicAuthorizationException: Not authorized to access"
                + " topics: [orders]");
  }

  private ClusterWatch watch(long startupTimeoutMs) {
    return new ClusterWatch(
        consumer,
        Set.of("orders"),
        Set.of("orders.DLT"),
        "b:9092",
        "g",
        startupTimeoutMs,
        listener,
        0);
  }
}
