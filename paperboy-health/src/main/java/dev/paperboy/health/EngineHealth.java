package dev.paperboy.health;

import dev.paperboy.EngineState;
import dev.paperboy.EngineStatus;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyListener;
import dev.paperboy.table.TableStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Judges one engine the way Kubernetes probes ask: has it started, is it ready for traffic, is it
 * alive. Each call reads one {@link EngineStatus} (cheap, no broker request) and returns immutable
 * {@link HealthCheck}s; safe from any thread.
 *
 * <ul>
 *   <li><b>started</b> ({@value #STARTED}): up once the engine has joined its consumer group
 *       (reached {@link EngineState#RUNNING}, or shows it by owning partitions or having handled or
 *       committed records), and from then on.
 *   <li><b>ready</b> ({@value #READY}): up while the engine is {@code RUNNING} and reports no
 *       problem; down while it is created or joining, while it stops (drains its handlers), after
 *       it stopped or failed, and while {@link EngineStatus#problem()} is present (an unreachable
 *       cluster, missing topics).
 *   <li><b>live</b> ({@value #LIVE}), by progress, not by state alone: down when the engine failed;
 *       down when, while its tables restore, the restore has read nothing for the stall timeout
 *       (however long the whole restore takes, and not while a problem is reported); down when,
 *       while it is starting (its tables restored) or running, its poll thread has not polled for
 *       the stall timeout; down when there is lag and neither a record was handled nor a commit
 *       acknowledged for the stall timeout, counted from the later of those and the moment this
 *       instance first saw the lag, so an engine that just met a backlog is not down at once. An
 *       idle engine without lag stays up, and so does one that reports a problem (a broker outage):
 *       restarting the process does not fix a broker.
 * </ul>
 *
 * <p>The liveness rule remembers when it first saw lag, so keep one instance per engine and ask it
 * regularly (a probe every few seconds does). Choose a stall timeout longer than the slowest record
 * or batch a handler may take (retries included), than {@code shutdownTimeoutMs} (a rebalance waits
 * that long for handlers inside a poll) and than {@code bulkModeTimeoutMs}.
 *
 * <p>The data hold the engine's state, mode, lag, problem and the times of its last poll, handled
 * record and acknowledged commit, and a {@code reason} when a check is down; never the consumer's
 * configuration.
 */
public final class EngineHealth {
  /** The name of the started check. */
  public static final String STARTED = "paperboy-started";

  /** The name of the ready check. */
  public static final String READY = "paperboy-ready";

  /** The name of the live check. */
  public static final String LIVE = "paperboy-live";

  /** The stall timeout when none is given: one minute. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(1);

  private final Supplier<EngineStatus> status;
  private final Duration stallTimeout;
  private final Clock clock;
  private volatile boolean joined;
  // Guarded by this: when the current stretch of lag, and of starting without a poll, was first
  // seen; null while there is none.
  private Instant lagSeenAt;
  private Instant pollAwaitedSince;
  // Guarded by this: while the tables restore, when their restored offsets last changed, and to
  // what.
  private Instant restoreMovedAt;
  private long restoredSeen;

  EngineHealth(Supplier<EngineStatus> status, Duration stallTimeout, Clock clock) {
    this.status = Objects.requireNonNull(status, "status");
    this.stallTimeout = checkedStallTimeout(stallTimeout);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The health of {@code engine}. Made before the engine starts, it also listens for the engine's
   * join, so the started check is exact even if no check ran while the engine was running.
   *
   * @throws IllegalArgumentException if {@code stallTimeout} is not positive
   */
  public static EngineHealth of(PaperboyEngine<?, ?> engine, Duration stallTimeout) {
    EngineHealth health = new EngineHealth(engine::status, stallTimeout, Clock.systemUTC());
    if (engine.state() == EngineState.CREATED) {
      try {
        engine.addListener(health.joinListener());
      } catch (IllegalStateException startedMeanwhile) {
        // The engine started just now: the checks see its join in its status instead.
      }
    }
    return health;
  }

  /**
   * The health of whatever {@code status} describes, for several engines behind one facade, or for
   * tests: each check calls {@code status.get()} once.
   *
   * @throws IllegalArgumentException if {@code stallTimeout} is not positive
   */
  public static EngineHealth of(Supplier<EngineStatus> status, Duration stallTimeout) {
    return new EngineHealth(status, stallTimeout, Clock.systemUTC());
  }

  /** How long the engine may go without progress before the live check is down. */
  public Duration stallTimeout() {
    return stallTimeout;
  }

  /** The started check: up once the engine has joined its consumer group. */
  public HealthCheck started() {
    return all().get(0);
  }

  /** The ready check: up while the engine is running and reports no problem. */
  public HealthCheck ready() {
    return all().get(1);
  }

  /** The live check: up unless the engine failed or stopped making progress. */
  public HealthCheck live() {
    return all().get(2);
  }

  /** The started, ready and live checks, in that order, from one status snapshot. */
  public synchronized List<HealthCheck> all() {
    EngineStatus now = status.get();
    Instant at = clock.instant();
    return List.of(started(now), ready(now), live(now, at));
  }

  private HealthCheck started(EngineStatus status) {
    if (showsJoin(status)) {
      joined = true;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", status.state().name());
    status.problem().ifPresent(p -> data.put("problem", p));
    if (joined) {
      return new HealthCheck(STARTED, HealthStatus.UP, data);
    }
    data.put("reason", notJoinedReason(status.state()));
    return new HealthCheck(STARTED, HealthStatus.DOWN, data);
  }

  private HealthCheck ready(EngineStatus status) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", status.state().name());
    data.put("mode", status.mode().name());
    data.put("lag", status.lag());
    status.problem().ifPresent(p -> data.put("problem", p));
    String reason = notReadyReason(status);
    if (reason == null) {
      return new HealthCheck(READY, HealthStatus.UP, data);
    }
    data.put("reason", reason);
    return new HealthCheck(READY, HealthStatus.DOWN, data);
  }

  private HealthCheck live(EngineStatus status, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", status.state().name());
    data.put("lag", status.lag());
    put(data, "lastPollAt", status.lastPollAt());
    put(data, "lastHandledAt", status.lastHandledAt());
    put(data, "lastCommitAt", status.lastCommitAt());
    status.problem().ifPresent(p -> data.put("problem", p));
    String reason = status.state() == EngineState.FAILED ? "the engine failed" : null;
    String pollStall = pollStall(status, now);
    String lagStall = lagStall(status, now);
    reason = reason != null ? reason : pollStall != null ? pollStall : lagStall;
    if (reason == null) {
      return new HealthCheck(LIVE, HealthStatus.UP, data);
    }
    data.put("reason", reason);
    return new HealthCheck(LIVE, HealthStatus.DOWN, data);
  }

  /**
   * Why the poll thread counts as stuck, or null. Only a starting or running engine polls, and a
   * starting one only once its tables are restored: until then it is stuck only if the restore is.
   */
  private String pollStall(EngineStatus status, Instant now) {
    if (!polling(status.state())) {
      pollAwaitedSince = null;
      restoreMovedAt = null;
      return null;
    }
    if (restoring(status)) {
      pollAwaitedSince = null;
      return restoreStall(status, now);
    }
    restoreMovedAt = null;
    if (pollAwaitedSince == null) {
      pollAwaitedSince = now;
    }
    Instant since = status.lastPollAt().orElse(pollAwaitedSince);
    Duration quiet = Duration.between(since, now);
    if (quiet.compareTo(stallTimeout) < 0) {
      return null;
    }
    return status.lastPollAt().isPresent()
        ? "the poll thread has not polled for " + stalled(quiet)
        : "the poll thread has not polled once in " + stalled(quiet);
  }

  /**
   * Why the tables' restore counts as stuck, or null: none of them read anything for the stall
   * timeout. A restore of many records can take longer than the stall timeout; a restarted pod
   * would only begin it again. As with lag, a restore under a reported problem (the cluster cannot
   * be read) does not count, and its clock starts again once the problem is gone; nor does a table
   * that read all it had to and is finishing (a persistent store flushing).
   */
  private String restoreStall(EngineStatus status, Instant now) {
    long restored = 0;
    boolean finishing = true;
    for (TableStatus table : status.tables().values()) {
      restored += table.restoredOffsets();
      finishing &= table.restored() || table.restoredOffsets() >= table.offsetsToRestore();
    }
    if (restoreMovedAt == null
        || restored != restoredSeen
        || finishing
        || status.problem().isPresent()) {
      restoreMovedAt = now;
      restoredSeen = restored;
      return null;
    }
    Duration quiet = Duration.between(restoreMovedAt, now);
    if (quiet.compareTo(stallTimeout) < 0) {
      return null;
    }
    return "the tables' restore has not moved for "
        + stalled(quiet)
        + ", "
        + restored
        + " offsets read";
  }

  /** Whether the engine is starting and a table of it is not restored yet. */
  private static boolean restoring(EngineStatus status) {
    return status.state() == EngineState.STARTING
        && status.tables().values().stream().anyMatch(table -> !table.restored());
  }

  /**
   * Why the engine counts as stuck behind its lag, or null. Lag under a reported problem does not
   * count (the engine cannot fetch; a restart would not help), and its clock starts again once the
   * problem is gone.
   */
  private String lagStall(EngineStatus status, Instant now) {
    if (!polling(status.state()) || status.lag() <= 0 || status.problem().isPresent()) {
      lagSeenAt = null;
      return null;
    }
    if (lagSeenAt == null) {
      lagSeenAt = now;
    }
    Instant progress = latest(lagSeenAt, status.lastHandledAt(), status.lastCommitAt());
    Duration quiet = Duration.between(progress, now);
    if (quiet.compareTo(stallTimeout) < 0) {
      return null;
    }
    return "lag "
        + status.lag()
        + " and no record handled and no commit acknowledged for "
        + stalled(quiet);
  }

  private String stalled(Duration quiet) {
    return quiet.toMillis() + " ms (stallTimeout " + stallTimeout.toMillis() + " ms)";
  }

  private static String notJoinedReason(EngineState state) {
    switch (state) {
      case CREATED:
        return "the engine has not been started";
      case STARTING:
        return "the engine has not joined its consumer group yet";
      case FAILED:
        return "the engine failed before it joined its consumer group";
      default:
        return "the engine stopped before it joined its consumer group";
    }
  }

  private static String notReadyReason(EngineStatus status) {
    switch (status.state()) {
      case CREATED:
        return "the engine has not been started";
      case STARTING:
        return restoring(status)
            ? "the engine is restoring its tables"
            : "the engine is joining its consumer group";
      case RUNNING:
        return status.problem().map(p -> "the engine reports a problem: " + p).orElse(null);
      case STOPPING:
        return "the engine is stopping: handlers finish and handled offsets are committed";
      case STOPPED:
        return "the engine stopped";
      default:
        return "the engine failed";
    }
  }

  /**
   * Whether the status proves a join: the engine runs, or owns partitions, or handled or committed
   * records, which it can only after the group gave it partitions. So a check made after the engine
   * started still sees a join that happened before it.
   */
  private static boolean showsJoin(EngineStatus status) {
    return status.state() == EngineState.RUNNING
        || !status.partitions().isEmpty()
        || status.lastHandledAt().isPresent()
        || status.lastCommitAt().isPresent();
  }

  private static boolean polling(EngineState state) {
    return state == EngineState.STARTING || state == EngineState.RUNNING;
  }

  private static Instant latest(Instant first, Optional<Instant> second, Optional<Instant> third) {
    Instant latest = first;
    if (second.isPresent() && second.get().isAfter(latest)) {
      latest = second.get();
    }
    if (third.isPresent() && third.get().isAfter(latest)) {
      latest = third.get();
    }
    return latest;
  }

  private static void put(Map<String, Object> data, String key, Optional<Instant> at) {
    at.ifPresent(instant -> data.put(key, instant.toString()));
  }

  private static Duration checkedStallTimeout(Duration stallTimeout) {
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    if (stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("stallTimeout must be > 0: " + stallTimeout);
    }
    return stallTimeout;
  }

  private PaperboyListener joinListener() {
    return new PaperboyListener() {
      @Override
      public void onStateChanged(EngineState from, EngineState to) {
        if (to == EngineState.RUNNING) {
          joined = true;
        }
      }
    };
  }
}
