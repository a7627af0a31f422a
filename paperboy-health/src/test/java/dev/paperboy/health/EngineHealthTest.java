package dev.paperboy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineState;
import dev.paperboy.PartitionStatus;
import dev.paperboy.table.TableStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The rules of the started, ready and live checks, stepped through time without sleeping. */
class EngineHealthTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STALL = Duration.ofSeconds(30);
  private static final Duration JUST_UNDER = STALL.minusMillis(1);

  private final FakeStatus engine = new FakeStatus();
  private final SteppedClock clock = new SteppedClock(T0);
  private final EngineHealth health = new EngineHealth(engine, STALL, clock);

  // started

  @Test
  void startedIsDownUntilTheEngineJoinsItsGroup() {
    HealthCheck created = health.started();
    engine.state = EngineState.STARTING;
    HealthCheck starting = health.started();
    engine.state = EngineState.RUNNING;

    HealthCheck running = health.started();

    assertDown(created, "the engine has not been started");
    assertDown(starting, "the engine has not joined its consumer group yet");
    assertThat(running.status()).isEqualTo(HealthStatus.UP);
    assertThat(running.name()).isEqualTo("paperboy-started");
  }

  @Test
  void startedStaysUpOnceTheEngineJoinedWhateverFollows() {
    engine.state = EngineState.RUNNING;
    health.started();

    for (EngineState later : new EngineState[] {EngineState.STOPPING, EngineState.FAILED}) {
      engine.state = later;

      assertThat(health.started().status()).as("started when %s", later).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void startedSeesAJoinItMissedInWhatTheEngineDid() {
    engine.state = EngineState.STOPPING;
    engine.partitions =
        Map.of(new TopicPartition("orders", 0), new PartitionStatus(3, 7, -1, true, 1));
    HealthCheck owningPartitions = health.started();
    EngineHealth other = new EngineHealth(engine, STALL, clock);
    engine.partitions = Map.of();
    engine.state = EngineState.STOPPED;
    engine.lastHandledAt = T0;

    HealthCheck afterHandling = other.started();

    assertThat(owningPartitions.status()).isEqualTo(HealthStatus.UP);
    assertThat(afterHandling.status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void startedIsDownForAnEngineThatFailedBeforeItJoined() {
    engine.state = EngineState.STARTING;
    health.started();
    engine.state = EngineState.FAILED;

    HealthCheck started = health.started();

    assertDown(started, "the engine failed before it joined its consumer group");
  }

  // ready

  @Test
  void readyIsUpOnlyWhileRunning() {
    for (EngineState state : EngineState.values()) {
      engine.state = state;

      HealthStatus expected = state == EngineState.RUNNING ? HealthStatus.UP : HealthStatus.DOWN;
      assertThat(health.ready().status()).as("ready when %s", state).isEqualTo(expected);
    }
  }

  @Test
  void readyIsDownWhileStoppingBecauseHandlersAreDraining() {
    engine.running(T0);
    engine.state = EngineState.STOPPING;

    HealthCheck ready = health.ready();

    assertThat(ready.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(ready.data())
        .containsEntry("state", "STOPPING")
        .containsEntry(
            "reason", "the engine is stopping: handlers finish and handled offsets are committed");
  }

  @Test
  void readyIsDownWhileTheEngineReportsAProblem() {
    engine.running(T0);
    engine.problem = "cannot reach the Kafka cluster at bootstrap.servers=broker:9092";

    HealthCheck ready = health.ready();
    engine.problem = null;
    HealthCheck resolved = health.ready();

    assertThat(ready.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(ready.data())
        .containsEntry("problem", "cannot reach the Kafka cluster at bootstrap.servers=broker:9092")
        .containsEntry(
            "reason",
            "the engine reports a problem: cannot reach the Kafka cluster at"
                + " bootstrap.servers=broker:9092");
    assertThat(resolved.status()).isEqualTo(HealthStatus.UP);
  }

  // live

  @Test
  void liveIsDownWhenTheEngineFailed() {
    engine.running(T0);
    engine.state = EngineState.FAILED;

    HealthCheck live = health.live();

    assertDown(live, "the engine failed");
  }

  @Test
  void liveIsUpBeforeTheStartAndAfterAGracefulStop() {
    HealthCheck created = health.live();
    engine.running(T0);
    engine.state = EngineState.STOPPED;
    clock.step(STALL.multipliedBy(10));

    HealthCheck stopped = health.live();

    assertThat(created.status()).isEqualTo(HealthStatus.UP);
    assertThat(stopped.status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void liveIsDownWhenThePollThreadHasNotPolledForTheStallTimeout() {
    engine.running(T0);
    clock.step(JUST_UNDER);
    HealthCheck justUnder = health.live();
    clock.step(Duration.ofMillis(1));

    HealthCheck stalled = health.live();
    engine.lastPollAt = clock.instant();
    HealthCheck polledAgain = health.live();

    assertThat(justUnder.status()).isEqualTo(HealthStatus.UP);
    assertDown(stalled, "the poll thread has not polled for 30000 ms (stallTimeout 30000 ms)");
    assertThat(polledAgain.status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void liveIsDownWhenAStartingEngineNeverPolls() {
    engine.state = EngineState.STARTING;

    assertLiveUntilTheStallTimeoutThenDown(
        "the poll thread has not polled once in 30000 ms (stallTimeout 30000 ms)");
  }

  @Test
  void liveStaysUpWhileTheTablesRestoreHoweverLongThatTakes() {
    engine.restoring("users", 0);
    HealthCheck first = health.live();
    clock.step(STALL);
    engine.restoring("users", 400);
    HealthCheck moved = health.live();
    clock.step(STALL);
    engine.restoring("users", 900);
    HealthCheck movedAgain = health.live();
    clock.step(JUST_UNDER);
    HealthCheck stillJustUnder = health.live();
    clock.step(Duration.ofMillis(1));

    HealthCheck stalled = health.live();

    assertThat(List.of(first, moved, movedAgain, stillJustUnder))
        .extracting(HealthCheck::status)
        .containsOnly(HealthStatus.UP);
    assertDown(
        stalled,
        "the tables' restore has not moved for 30000 ms (stallTimeout 30000 ms), 900 offsets"
            + " read");
  }

  @Test
  void aRestoreUnderAReportedProblemOrFinishingIsNotStuck() {
    engine.restoring("users", 400);
    health.live();
    engine.problem =
        "table users is not restoring: no progress for 30 s (is the cluster reachable?)";
    clock.step(STALL.multipliedBy(3));
    HealthCheck underProblem = health.live();
    engine.problem = null;
    clock.step(JUST_UNDER);
    HealthCheck problemGoneJustUnder = health.live();
    engine.tables =
        Map.of("users", new TableStatus("users", false, 1_000, 1_000, Optional.empty()));
    clock.step(STALL.multipliedBy(3));

    HealthCheck finishing = health.live();

    assertThat(underProblem.status()).isEqualTo(HealthStatus.UP);
    assertThat(problemGoneJustUnder.status()).isEqualTo(HealthStatus.UP);
    assertThat(finishing.status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void afterTheRestoreThePollThreadGetsTheWholeStallTimeoutForItsFirstPoll() {
    engine.restoring("users", 0);
    health.live();
    clock.step(STALL.multipliedBy(2));
    engine.restoring("users", 1_000);
    health.live();
    engine.tables = Map.of("users", new TableStatus("users", true, 1_000, 1_000, Optional.empty()));

    assertLiveUntilTheStallTimeoutThenDown(
        "the poll thread has not polled once in 30000 ms (stallTimeout 30000 ms)");
  }

  /** {@code check} is down, for {@code reason}. */
  private static void assertDown(HealthCheck check, String reason) {
    assertThat(check.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(check.data()).containsEntry("reason", reason);
  }

  /**
   * From now on: live is up now and just under the stall timeout later, and down for {@code reason}
   * at the stall timeout.
   */
  private void assertLiveUntilTheStallTimeoutThenDown(String reason) {
    HealthCheck first = health.live();
    clock.step(JUST_UNDER);
    HealthCheck justUnder = health.live();
    clock.step(Duration.ofMillis(1));

    HealthCheck stalled = health.live();

    assertThat(first.status()).isEqualTo(HealthStatus.UP);
    assertThat(justUnder.status()).isEqualTo(HealthStatus.UP);
    assertDown(stalled, reason);
  }

  @Test
  void readyNamesTheRestoreWhileTheTablesRestore() {
    engine.restoring("users", 10);

    HealthCheck ready = health.ready();

    assertDown(ready, "the engine is restoring its tables");
  }

  @Test
  void aStoppingEngineDoesNotPollAndIsStillLive() {
    engine.running(T0);
    engine.state = EngineState.STOPPING;
    engine.lag = 50;
    clock.step(STALL.multipliedBy(3));

    assertThat(health.live().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void liveIsDownWhenThereIsLagAndNoRecordWasHandledForTheStallTimeout() {
    engine.running(T0);
    engine.lastHandledAt = T0;
    engine.lag = 120;
    clock.step(Duration.ofSeconds(10));
    engine.lastPollAt = clock.instant();
    HealthCheck lagSeen = health.live();
    clock.step(JUST_UNDER);
    engine.lastPollAt = clock.instant();
    HealthCheck justUnder = health.live();
    clock.step(Duration.ofMillis(1));
    engine.lastPollAt = clock.instant();

    HealthCheck stalled = health.live();
    engine.lastHandledAt = clock.instant();
    HealthCheck movedAgain = health.live();

    assertThat(lagSeen.status()).as("lag just seen").isEqualTo(HealthStatus.UP);
    assertThat(justUnder.status()).isEqualTo(HealthStatus.UP);
    assertDown(
        stalled,
        "lag 120 and no record handled and no commit acknowledged for 30000 ms"
            + " (stallTimeout 30000 ms)");
    assertThat(movedAgain.status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void aFreshEngineWithABacklogIsNotDownAtOnce() {
    engine.running(T0);
    engine.lag = 1_000_000;

    HealthCheck live = health.live();

    assertThat(live.status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void stallIsMeasuredFromTheLatestProgressAfterTheLagWasSeen() {
    engine.running(T0);
    engine.lag = 10;
    health.live();
    clock.step(Duration.ofSeconds(20));
    engine.lastHandledAt = clock.instant();
    clock.step(Duration.ofSeconds(20));
    engine.lastPollAt = clock.instant();

    HealthCheck twentySecondsAfterAHandling = health.live();
    clock.step(Duration.ofSeconds(10));
    engine.lastPollAt = clock.instant();
    HealthCheck thirtySecondsAfter = health.live();

    assertThat(twentySecondsAfterAHandling.status()).isEqualTo(HealthStatus.UP);
    assertThat(thirtySecondsAfter.status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void anAcknowledgedCommitCountsAsProgress() {
    engine.running(T0);
    engine.lag = 10;
    health.live();
    clock.step(STALL.multipliedBy(2));
    engine.lastPollAt = clock.instant();
    engine.lastCommitAt = clock.instant().minusSeconds(1);

    assertThat(health.live().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void anIdleEngineWithoutLagStaysLive() {
    engine.running(T0);
    engine.lastHandledAt = T0;
    engine.lastCommitAt = T0;

    for (int minute = 1; minute <= 10; minute++) {
      clock.step(Duration.ofMinutes(1));
      engine.lastPollAt = clock.instant();

      assertThat(health.live().status()).as("after %d min", minute).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void unknownLagIsNoLag() {
    engine.running(T0);
    engine.lag = -1;
    health.live();
    clock.step(STALL.multipliedBy(2));
    engine.lastPollAt = clock.instant();

    assertThat(health.live().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void lagThatWentAwayIsTimedAfreshWhenItComesBack() {
    engine.running(T0);
    engine.lag = 10;
    health.live();
    clock.step(Duration.ofSeconds(25));
    engine.lag = 0;
    health.live();
    clock.step(Duration.ofSeconds(10));
    engine.lag = 5;
    engine.lastPollAt = clock.instant();

    HealthCheck lagBack = health.live();
    clock.step(JUST_UNDER);
    engine.lastPollAt = clock.instant();
    HealthCheck justUnder = health.live();

    assertThat(lagBack.status()).isEqualTo(HealthStatus.UP);
    assertThat(justUnder.status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void aBrokerOutageAloneDoesNotMakeTheEngineDown() {
    engine.running(T0);
    engine.lag = 40;
    engine.problem = "cannot reach the Kafka cluster at bootstrap.servers=broker:9092";
    health.live();
    clock.step(STALL.multipliedBy(10));
    engine.lastPollAt = clock.instant();

    HealthCheck duringOutage = health.live();
    engine.problem = null;
    HealthCheck rightAfter = health.live();
    clock.step(STALL);
    engine.lastPollAt = clock.instant();
    HealthCheck stillNoProgress = health.live();

    assertThat(duringOutage.status()).isEqualTo(HealthStatus.UP);
    assertThat(duringOutage.data()).containsKey("problem");
    assertThat(rightAfter.status())
        .as("the stall clock starts when the problem is gone")
        .isEqualTo(HealthStatus.UP);
    assertThat(stillNoProgress.status()).isEqualTo(HealthStatus.DOWN);
  }

  // data

  @Test
  void dataHoldStateModeLagProblemAndTimesOnly() {
    engine.running(T0);
    engine.mode = ConsumptionMode.BULK;
    engine.lag = 7;
    engine.problem = "topics [orders] do not exist";
    engine.lastHandledAt = T0.minusSeconds(2);
    engine.lastCommitAt = T0.minusSeconds(1);

    HealthCheck ready = health.ready();
    HealthCheck live = health.live();
    HealthCheck started = health.started();

    assertThat(started.data()).containsOnlyKeys("state", "problem");
    assertThat(ready.data())
        .containsOnlyKeys("state", "mode", "lag", "problem", "reason")
        .containsEntry("state", "RUNNING")
        .containsEntry("mode", "BULK")
        .containsEntry("lag", 7L)
        .containsEntry("problem", "topics [orders] do not exist");
    assertThat(live.data())
        .containsOnlyKeys("state", "lag", "lastPollAt", "lastHandledAt", "lastCommitAt", "problem")
        .containsEntry("lastPollAt", "2026-01-01T00:00:00Z")
        .containsEntry("lastHandledAt", "2025-12-31T23:59:58Z")
        .containsEntry("lastCommitAt", "2025-12-31T23:59:59Z");
  }

  @Test
  void allChecksComeFromOneSnapshot() {
    engine.running(T0);

    assertThat(health.all())
        .extracting(HealthCheck::name)
        .containsExactly("paperboy-started", "paperboy-ready", "paperboy-live");
    assertThat(engine.reads).isEqualTo(1);
  }

  @Test
  void stallTimeoutMustBePositive() {
    assertThatThrownBy(() -> EngineHealth.of(engine, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stallTimeout must be > 0: PT0S");
  }
}
