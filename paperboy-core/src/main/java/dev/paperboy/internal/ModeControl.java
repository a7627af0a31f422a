package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which mode the engine consumes in, as the {@link Dispatch} that implements it, and when it
 * changes: bulk while step mode runs, then by lag against the threshold. Poll thread only, except
 * {@link #mode()}.
 *
 * <p><b>Lag</b> is what a user means by it: per owned partition, the high watermark minus the next
 * offset still to be <em>handled</em>, summed. That is the client's lag (high watermark minus fetch
 * position, no broker request) plus every record fetched and not handled yet: in the lanes, in the
 * batch being collected, and in the poll just returned. Handing a batch over moves records from one
 * of these to another and so never changes the lag; only handling does.
 *
 * <p><b>Rules</b>: the mode is chosen after each poll, before its records are dispatched, so a
 * backlog present at start is batched from the first poll on. Bulk is entered when the lag is above
 * the threshold on two polls in a row, or above twice the threshold at once (evidence, so a live
 * stream hovering at the threshold does not flip the mode). Bulk is left as soon as the lag is at
 * or below the threshold: the batch being collected is handed over at once and the next records go
 * one by one, with no dwell time. While the client does not know every owned partition's high
 * watermark (before its first fetch from a partition), the partition's end offset, looked up once,
 * stands in; where even that is unknown, a known part already above the threshold counts, and
 * otherwise nothing is decided.
 */
final class ModeControl<K, V> {
  private static final Logger log = LoggerFactory.getLogger(ModeControl.class);
  private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

  private final Consumer<K, V> consumer;
  private final Partitions<K, V> partitions;
  private final StepPlan steps;
  private final StepRunner<K, V> stepRunner;
  private final PaperboyListener listener;
  private final Long threshold;
  private final boolean startInBulk;
  private final Dispatch<K, V> single;
  private final Dispatch<K, V> bulk;
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();
  private volatile Dispatch<K, V> current;
  private boolean aboveBefore;
  private boolean fetchedAll;

  ModeControl(
      Consumer<K, V> consumer,
      Partitions<K, V> partitions,
      StepPlan steps,
      PaperboyListener listener,
      Long threshold,
      boolean startInBulk,
      Dispatch<K, V> single,
      Dispatch<K, V> bulk) {
    this.consumer = consumer;
    this.partitions = partitions;
    this.steps = steps;
    this.stepRunner = new StepRunner<>(consumer, steps, partitions);
    this.listener = listener;
    this.threshold = threshold;
    this.startInBulk = startInBulk;
    this.single = single;
    this.bulk = bulk;
    this.current = !steps.isDone() || startInBulk ? bulk : single;
  }

  /**
   * The mode control {@code options} describe: their threshold and start mode, a single-mode
   * dispatch with the options' pause limits, and a bulk dispatch with their batch limits, both
   * committing on {@code schedule}.
   */
  static <K, V> ModeControl<K, V> of(
      Consumer<K, V> consumer,
      Partitions<K, V> partitions,
      StepPlan steps,
      PaperboyListener listener,
      EngineOptions options,
      Committer committer,
      CommitSchedule schedule) {
    return new ModeControl<>(
        consumer,
        partitions,
        steps,
        listener,
        options.bulkModeThreshold().isPresent() ? options.bulkModeThreshold().getAsLong() : null,
        options.withBulkMode(),
        new SingleDispatch<>(
            partitions,
            committer,
            schedule,
            options.withCommit(),
            new PauseLimits(
                options.maxPendingRecordsPerPartition(), options.maxPendingBytesPerPartition())),
        new BulkDispatch<>(
            partitions,
            committer,
            new BatchBuilder<>(
                options.bulkModeMaxRecords(),
                options.bulkModeMaxBytes(),
                options.bulkModeTimeoutMs()),
            schedule,
            options.withCommit(),
            // Above one full batch: handing a batch over never pauses its partition (a resume can
            // cost a fetch of the caught-up partitions' fetch.max.wait.ms), a second batch waiting
            // behind it does.
            new PauseLimits(
                Math.max(options.maxPendingRecordsPerPartition(), options.bulkModeMaxRecords() + 1),
                Math.max(options.maxPendingBytesPerPartition(), options.bulkModeMaxBytes() + 1))));
  }

  /** The current mode. Any thread. */
  ConsumptionMode mode() {
    return current.mode();
  }

  /** The dispatch of the current mode. */
  Dispatch<K, V> dispatch() {
    return current;
  }

  /** Forgets what either mode collected of partitions given up, and their end offsets. */
  void drop(Collection<TopicPartition> partitions) {
    single.drop(partitions);
    bulk.drop(partitions);
    endOffsets.keySet().removeAll(partitions);
  }

  /**
   * Chooses the mode for the records just polled ({@code polled} of them, not dispatched yet), by
   * the lag, once steps are done.
   */
  void choose(int polled, long nowNanos) {
    fetchedAll = false;
    if (!steps.isDone() || threshold == null) {
      return;
    }
    Partitions.FetchLag fetch = fetchLag();
    fetchedAll = fetch.complete() && fetch.records() == 0;
    long lag = fetch.records() + partitions.pending() + current.collected() + polled;
    boolean above = lag > threshold;
    if (!fetch.complete() && !above) {
      return; // part of the lag is unknown, and what is known does not decide
    }
    boolean bulkWanted = above && (aboveBefore || lag > 2 * threshold);
    aboveBefore = above;
    if (current == bulk && !above) {
      switchTo(single, lag, nowNanos);
    } else if (current == single && bulkWanted) {
      switchTo(bulk, lag, nowNanos);
    }
  }

  /**
   * Whether, at the last {@link #choose} under lag-adaptive switching, the client had fetched
   * everything up to every owned partition's high watermark: a batch being collected to catch up
   * then cannot fill any more, so it is handed over at once instead of waiting for {@code
   * bulkModeTimeoutMs}. (In bulk mode without a threshold, batches wait for their timeout as
   * configured.)
   */
  boolean fetchedAll() {
    return fetchedAll;
  }

  /** Ends the steps that caught up; after the last one the lag chooses the mode. */
  void advanceSteps(long nowNanos, boolean joined) {
    while (!steps.isDone() && joined && stepRunner.fetchedAll()) {
      current.flush(nowNanos);
      if (!stepRunner.handledAll()) {
        stepRunner.wakeWhenHandled();
        if (!stepRunner.handledAll()) {
          return; // a lane that drained after the first look and before the mark woke nobody
        }
      }
      int done = steps.current();
      log.info("Step {}/{} caught up on {}", done + 1, steps.count(), steps.currentTopics());
      steps.advance();
      partitions.clearStepTargets();
      listener.onStepCompleted(done, steps.count());
      if (steps.isDone()) {
        log.info("All {} steps done: consuming every topic", steps.count());
        if (!startInBulk) {
          switchTo(single, fetchLag().records() + partitions.pending(), nowNanos);
        }
      }
    }
  }

  /**
   * The client's lag of the owned partitions. A partition the client has not fetched from yet has
   * no lag in the client; for it, its end offset (looked up once, one broker request for all such
   * partitions) minus its position stands in, so that the first decision already sees the whole
   * backlog.
   */
  private Partitions.FetchLag fetchLag() {
    Partitions.FetchLag fetch = partitions.fetchLag();
    if (fetch.complete() || fetch.unknown().isEmpty()) {
      return fetch;
    }
    List<TopicPartition> lookUp = new ArrayList<>();
    for (TopicPartition tp : fetch.unknown()) {
      if (!endOffsets.containsKey(tp)) {
        lookUp.add(tp);
      }
    }
    if (!lookUp.isEmpty()) {
      lookUp.forEach(tp -> endOffsets.put(tp, -1L)); // looked up once, even if that fails
      try {
        endOffsets.putAll(consumer.endOffsets(lookUp, END_OFFSETS_TIMEOUT));
      } catch (RuntimeException e) {
        log.debug("End offsets of {} unknown: {}", lookUp, e.toString());
      }
    }
    long lag = fetch.records();
    for (TopicPartition tp : fetch.unknown()) {
      long end = endOffsets.getOrDefault(tp, -1L);
      long position = position(tp);
      if (end < 0 || position < 0) {
        return new Partitions.FetchLag(lag, false, List.of());
      }
      lag += Math.max(0, end - position);
    }
    return new Partitions.FetchLag(lag, true, List.of());
  }

  private long position(TopicPartition tp) {
    try {
      return consumer.position(tp, Duration.ZERO);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private void switchTo(Dispatch<K, V> to, long lag, long nowNanos) {
    Dispatch<K, V> from = current;
    from.flush(nowNanos);
    current = to;
    log.info(
        "Switching from {} to {} mode: lag {} is {} bulkModeThreshold {}",
        from.mode(),
        to.mode(),
        lag,
        to == bulk ? "above" : "at or below",
        threshold);
    listener.onModeSwitched(from.mode(), to.mode(), lag);
  }
}
