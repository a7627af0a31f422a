package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.EngineStatus;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's event loop: polls, hands records to partition lanes, switches modes, pauses and
 * resumes partitions, commits. The front door of this package.
 *
 * <p>It runs on the thread that called {@code start()}, and that thread is the only one that ever
 * touches the Kafka consumer. The client is not thread-safe, and every decision that must agree
 * with its state (which partitions are owned, what may be committed, what is paused) is made where
 * that state changes: here, between polls, and in the rebalance callbacks that {@code poll} runs.
 * Handlers run on partition lanes; they reach this thread only through their lanes' progress fields
 * and {@code consumer.wakeup()}, the one consumer method that is safe from any thread.
 *
 * <p>Since no handler ever runs on this thread, it polls at least every 500 ms whatever handlers
 * do, so a slow handler or a long batch never exceeds {@code max.poll.interval.ms}. A partition
 * whose lane is backed up is paused instead, which also bounds memory. Timed commits are sent from
 * here too, between polls, never from a timer thread.
 */
public final class PollLoop<K, V> {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
  private static final long MAX_POLL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MIN_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Consumer<K, V> consumer;
  private final Set<String> topics;
  private final EngineOptions options;
  private final GuardedListener listener;
  private final LongSupplier nanoClock;
  private final ExecutorService pool;
  private final ScheduledExecutorService retryTimer;
  private final OffsetTracker tracker = new OffsetTracker();
  private final Committer committer;
  private final StepPlan steps;
  private final Partitions<K, V> partitions;
  private final ModeControl<K, V> modes;
  private final RebalanceHandler<K, V> rebalanceHandler;
  private final ClusterWatch clusterWatch;
  private final DeadLetterPublisher deadLetters;
  private final AtomicBoolean started = new AtomicBoolean();
  private final StatusBoard status = new StatusBoard();

  private volatile boolean stopRequested;

  /** A loop is made by a starting engine, which announced {@code STARTING} itself. */
  private volatile EngineState state = EngineState.STARTING;

  private LaneFailure failure;
  private boolean joined;
  private volatile long shutdownDeadline;
  private volatile boolean shutDown;
  private boolean interrupted;

  /**
   * How long the next poll may block. The first poll gets the full wait, so that it joins the group
   * and fetches the first records in one go; a poll of zero would only send the coordinator lookup
   * and leave the join to the poll after the cluster check.
   */
  private long nextPollNanos = MAX_POLL_WAIT_NANOS;

  private RecordDeserializationException unreadable;

  /**
   * A loop over {@code consumer} (configured with the spec's consumer configuration, not yet
   * subscribed) running what {@code spec} describes.
   */
  public PollLoop(Consumer<K, V> consumer, EngineSpec<K, V> spec) {
    this(consumer, spec, spec.nanoClock().getAsLong());
  }

  /**
   * A loop of an engine whose {@code start()} began at {@code startedAtNanos} (on the spec's
   * clock), before its tables restored: the startup timeout counts from there, so a restore and the
   * join share one {@code startupTimeoutMs}.
   */
  public PollLoop(Consumer<K, V> consumer, EngineSpec<K, V> spec, long startedAtNanos) {
    EngineOptions options = spec.options();
    LongSupplier nanoClock = spec.nanoClock();
    List<PaperboyListener> listeners = new ArrayList<>();
    listeners.add(status);
    listeners.add(options.listener());
    listeners.addAll(spec.listeners());
    Map<String, Route<K, V>> routes = new LinkedHashMap<>();
    spec.handlers().forEach(h -> routes.put(h.topic(), new Route<>(h)));
    this.consumer = consumer;
    this.topics = routes.keySet();
    this.options = options;
    this.listener = new GuardedListener(listeners);
    this.nanoClock = nanoClock;
    this.pool = HandlerPool.create(options.handlerThreads(), options.virtualThreads());
    this.retryTimer = HandlerPool.timer();
    this.committer = new Committer(consumer, tracker, listener, options.withCommit(), nanoClock);
    long startNanos = nanoClock.getAsLong();
    CommitSchedule commitSchedule = new CommitSchedule(options.commitIntervalMs(), startNanos);
    this.steps = new StepPlan(spec.steps());
    this.deadLetters =
        options.deadLetter() == null
            ? null
            : new DeadLetterPublisher(spec.deadLetterProducer(), options.deadLetter());
    WorkProcessor<K, V> processor =
        new WorkProcessor<>(
            options.failOnException(),
            options.retry(),
            deadLetters,
            listener,
            new Interceptors(spec.interceptors()));
    this.partitions =
        new Partitions<>(
            consumer,
            tracker,
            this.steps,
            routes,
            pool,
            processor,
            (delayMs, task) -> retryTimer.schedule(task, delayMs, TimeUnit.MILLISECONDS),
            listener,
            nanoClock,
            options.ordering(),
            options.withCommit());
    this.modes =
        ModeControl.of(
            consumer, partitions, this.steps, listener, options, committer, commitSchedule);
    long revokeTimeoutMs = Math.min(options.shutdownTimeoutMs(), spec.maxPollIntervalMs() / 2);
    this.rebalanceHandler =
        new RebalanceHandler<>(
            partitions,
            committer,
            modes::drop,
            listener,
            TimeUnit.MILLISECONDS.toNanos(revokeTimeoutMs),
            nanoClock,
            this::harvest,
            this::joined);
    this.clusterWatch =
        new ClusterWatch(
            consumer,
            topics,
            options.deadLetter() == null ? Set.of() : DeadLetterPublisher.topicsOf(routes.values()),
            spec.bootstrapServers(),
            spec.groupId(),
            options.startupTimeoutMs(),
            listener,
            startedAtNanos);
  }

  /**
   * Subscribes and consumes until {@link #stop()} or a fatal error, then lets handlers finish,
   * commits what was handled and closes the consumer. Throws {@link PaperboyException} on a fatal
   * error, after the shutdown.
   */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a poll loop runs once");
    }
    Throwable fatal = null;
    try {
      if (!stopRequested) {
        consumer.subscribe(topics, rebalanceHandler);
        log.info("Paperboy engine subscribed to {} in {} mode", topics, modes.mode());
      }
      while (!stopRequested && failure == null) {
        try {
          pollOnce();
        } catch (InterruptException e) {
          stopOnInterrupt();
        }
      }
    } catch (RuntimeException | Error e) {
      fatal = e;
    } finally {
      shutdown(fatal);
    }
  }

  /** Asks the loop to stop; returns at once. Any thread, any number of times. */
  public void stop() {
    stopRequested = true;
    consumer.wakeup();
  }

  /** Where the loop is in its life. */
  public EngineState state() {
    return state;
  }

  /** How records are handed to handlers right now. */
  public ConsumptionMode mode() {
    return modes.mode();
  }

  /**
   * What is left of {@code shutdownTimeoutMs} since the loop began to shut down, at least one
   * second, for what the engine closes after the loop (its producer, its tables): the whole timeout
   * if the loop never shut down.
   */
  public Duration shutdownTimeLeft() {
    long timeout = TimeUnit.MILLISECONDS.toNanos(options.shutdownTimeoutMs());
    return remaining(shutDown ? shutdownDeadline : nanoClock.getAsLong() + timeout);
  }

  /** Whether the calling thread is one of the handler threads that run hooks. */
  public static boolean onHandlerThread() {
    return Thread.currentThread().getName().startsWith(HandlerPool.THREAD_PREFIX);
  }

  /**
   * A snapshot of the loop, with {@code warnings} from the start-up check. Any thread; the
   * per-partition part is at most 100 ms old while the loop runs.
   */
  public EngineStatus status(List<String> warnings) {
    return status.status(state, mode(), problem(), withClusterWarnings(warnings));
  }

  /** The consumer's own metrics. Any thread: the client's metric registry is thread-safe. */
  public Map<MetricName, ? extends Metric> clientMetrics() {
    return consumer.metrics();
  }

  private List<String> withClusterWarnings(List<String> warnings) {
    List<String> cluster = clusterWatch.warnings();
    if (cluster.isEmpty()) {
      return warnings;
    }
    List<String> all = new ArrayList<>(warnings);
    all.addAll(cluster);
    return all;
  }

  /** Why the engine is not consuming (cluster unreachable, topics missing), or null. */
  public String problem() {
    return clusterWatch.problem();
  }

  /**
   * The thread running the loop was interrupted (an executor's {@code shutdownNow()}, say): that is
   * a request to stop, gracefully. The flag is cleared so handlers can finish and the final commit
   * can be made, and set again when the loop returns.
   */
  private void stopOnInterrupt() {
    Thread.interrupted();
    interrupted = true;
    stopRequested = true;
    log.info("Paperboy engine thread interrupted: stopping gracefully");
  }

  /**
   * One turn of the loop: poll, then, at one reading of the clock, choose the mode for what came,
   * dispatch it, advance steps, pause or resume partitions, commit what is due, and check the
   * cluster when that is due. The check is a metadata request the poll thread waits for, so it
   * comes last: the records of the poll that joined the group are with their lanes while it is
   * answered.
   */
  private void pollOnce() {
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      stopOnInterrupt();
      return;
    }
    ConsumerRecords<K, V> records = poll(nextPollNanos);
    status.polled();
    long now = nanoClock.getAsLong();
    if (unreadable != null) {
      poisonPill(unreadable, now);
      unreadable = null;
    }
    harvest();
    if (failure != null) {
      return;
    }
    modes.choose(records.count(), now);
    modes.dispatch().accept(records, now);
    modes.dispatch().handOverDue(now);
    if (modes.fetchedAll()) {
      modes.dispatch().flush(now); // nothing more to collect: the batch cannot fill any more
    }
    modes.advanceSteps(now, joined);
    Dispatch<K, V> dispatch = modes.dispatch();
    partitions.applyPauses(dispatch.pauseLimits());
    dispatch.commitIfDue(now);
    clusterWatch.check(now, joined, !records.isEmpty());
    status.publishIfDue(now, () -> OwnedSnapshot.of(consumer, partitions, tracker, dispatch));
    nextPollNanos = Math.min(MAX_POLL_WAIT_NANOS, dispatch.nanosUntilDue(now));
  }

  private ConsumerRecords<K, V> poll(long timeoutNanos) {
    try {
      return consumer.poll(Duration.ofNanos(timeoutNanos));
    } catch (WakeupException e) {
      return ConsumerRecords.empty();
    } catch (RecordDeserializationException e) {
      unreadable = e;
      return ConsumerRecords.empty();
    }
  }

  /**
   * A record the deserializer could not read. It goes to its lane, behind the partition's earlier
   * records, which are handled first. With a dead-letter policy or under {@code
   * failOnException(false)} the lane then dead-letters or skips it, and the consumer moves past it
   * now. Otherwise the lane fails on it, which stops the engine with everything before it handled
   * and committed; until then the partition stays paused at the poison pill. The lane reports it to
   * the listener once it knows which of these it was.
   */
  private void poisonPill(RecordDeserializationException e, long now) {
    PoisonPill pill = PoisonPills.of(e);
    boolean fatal = deadLetters == null && options.failOnException();
    Lane<K, V> lane = partitions.lane(pill.partition());
    if (lane == null) {
      return;
    }
    modes.dispatch().flush(now);
    lane.submit(Work.poisonPill(pill));
    if (fatal) {
      partitions.block(pill.partition());
    } else {
      consumer.seek(pill.partition(), pill.offset() + 1);
    }
  }

  private void harvest() {
    LaneFailure found = partitions.harvest();
    if (failure == null && found != null) {
      failure = found;
    }
  }

  private void joined() {
    joined = true;
    if (state == EngineState.STARTING) {
      setState(EngineState.RUNNING);
    }
  }

  private void shutdown(Throwable fatal) {
    shutdownDeadline =
        nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(options.shutdownTimeoutMs());
    shutDown = true;
    setState(EngineState.STOPPING);
    PaperboyException error = fatalError(fatal);
    if (error != null) {
      log.error("Paperboy engine stopping: {}", error.getMessage(), error.getCause());
    } else {
      log.info(
          "Paperboy engine stopping: {}",
          interrupted ? "its thread was interrupted" : "stop requested");
    }
    finishHandlers(shutdownDeadline);
    harvest();
    committer.commitFinal(shutdownDeadline, this::harvest);
    closeClients(shutdownDeadline);
    status.ownsNothing();
    setState(error == null ? EngineState.STOPPED : EngineState.FAILED);
    log.info("Paperboy engine {}", state);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (error != null) {
      throw error;
    }
  }

  /**
   * Drops what is collected and not started, and lets handlers finish the step they are in, until
   * {@code deadlineNanos}; what they are still doing then is not committed.
   */
  private void finishHandlers(long deadlineNanos) {
    List<TopicPartition> owned = partitions.owned();
    modes.drop(owned);
    try {
      List<TopicPartition> late =
          partitions.closeAndAwait(owned, deadlineNanos - nanoClock.getAsLong());
      if (!late.isEmpty()) {
        log.warn(
            "Handlers of {} did not finish within shutdownTimeoutMs={}; what they were handling"
                + " is not committed and will be delivered again",
            late,
            options.shutdownTimeoutMs());
      }
    } catch (InterruptedException e) {
      // Interrupted again while handlers finish: stop waiting for them, but still commit.
      interrupted = true;
    }
  }

  /** Closes the consumer, the handler threads and the dead-letter producer, by the deadline. */
  private void closeClients(long deadlineNanos) {
    try {
      consumer.close(CloseOptions.timeout(remaining(deadlineNanos)));
    } catch (RuntimeException e) {
      log.warn("Closing the consumer failed", e);
    }
    pool.shutdownNow();
    retryTimer.shutdownNow();
    if (deadLetters != null) {
      try {
        deadLetters.close(remaining(deadlineNanos));
      } catch (RuntimeException e) {
        log.warn("Closing the dead-letter producer failed", e);
      }
    }
  }

  /** The time left until {@code deadlineNanos}, at least {@link #MIN_CLOSE_NANOS}. */
  private Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(MIN_CLOSE_NANOS, deadlineNanos - nanoClock.getAsLong()));
  }

  private PaperboyException fatalError(Throwable fatal) {
    if (fatal == null && failure != null) {
      return new PaperboyException(
          failure.describe()
              + " (the engine stops; the record is not committed and is delivered again on"
              + " restart)",
          failure.cause());
    }
    if (fatal instanceof PaperboyException) {
      return (PaperboyException) fatal;
    }
    return fatal == null ? null : new PaperboyException("consumer failed: " + fatal, fatal);
  }

  private void setState(EngineState to) {
    EngineState from = state;
    if (from != to) {
      state = to;
      listener.onStateChanged(from, to);
    }
  }
}
