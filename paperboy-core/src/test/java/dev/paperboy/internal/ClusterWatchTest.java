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
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The cluster watch, stepped by hand: a consumer whose cluster answers or not, numeric time. */
class ClusterWatchTest {
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  private boolean reachable = true;
  private final List<String> reported = new ArrayList<>();
  private final MockConsumer<String, String> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
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
    watch.check(0, false);

    watch.check(3 * S, true);

    watch.check(5 * S, true); // past the timeout: no throw, the engine started at 3 s
    assertThat(watch.problem()).isNull();
  }

  @Test
  void theStartupTimeoutFailsAnEngineThatNeverJoined() {
    ClusterWatch watch = watch(4_000);
    watch.check(0, false);

    assertThatThrownBy(() -> watch.check(4 * S, false))
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("has not joined consumer group g");
  }

  @Test
  void aClusterLostAfterTheStartIsReportedAndItsReturnToo() {
    ClusterWatch watch = watch(4_000);
    watch.check(0, true);
    reachable = false;

    watch.check(5 * S, true);
    String lost = watch.problem();
    reachable = true;
    watch.check(10 * S, true);

    assertThat(lost).contains("cannot reach the Kafka cluster at bootstrap.servers=b:9092");
    assertThat(watch.problem()).isNull();
    assertThat(reported).containsExactly(lost, "resolved");
  }

  @Test
  void aMissingDeadLetterTopicIsAWarningNotAProblem() {
    ClusterWatch watch = watch(0);

    watch.check(0, true);

    assertThat(watch.problem()).isNull();
    assertThat(watch.warnings())
        .singleElement()
        .asString()
        .contains("dead-letter topics [orders.DLT] do not exist");
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
