package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what the {@link OffsetTracker} says may be committed, on the poll thread: asynchronously
 * while consuming (so a commit never stalls the loop; its result arrives in a later poll), and
 * synchronously before partitions are given up and on shutdown, where the result must be known.
 * With commits turned off it does nothing at all.
 *
 * <p>At most one asynchronous commit is in flight: what becomes committable meanwhile goes with the
 * next one, sent once the first was answered. In bulk mode, where every finished batch may be
 * committed, this keeps a fast engine from sending a commit per batch per partition.
 */
final class Committer {
  private static final Logger log = LoggerFactory.getLogger(Committer.class);
  private static final long IN_FLIGHT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Duration REBALANCE_POLL = Duration.ofMillis(100);

  /** The least time a synchronous commit gets, even when the shutdown deadline has passed. */
  static final long MIN_SYNC_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Consumer<?, ?> consumer;
  private final OffsetTracker tracker;
  private final PaperboyListener listener;
  private final boolean enabled;
  private final LongSupplier nanoClock;
  private boolean inFlight;
  private long inFlightSinceNanos;

  Committer(
      Consumer<?, ?> consumer,
      OffsetTracker tracker,
      PaperboyListener listener,
      boolean enabled,
      LongSupplier nanoClock) {
    this.consumer = consumer;
    this.tracker = tracker;
    this.listener = listener;
    this.enabled = enabled;
    this.nanoClock = nanoClock;
  }

  /**
   * Whether a commit sent at or before {@code nowNanos} still awaits its answer and holds the next
   * one back (one unanswered for {@link #IN_FLIGHT_TIMEOUT_NANOS} no longer does).
   */
  boolean inFlight(long nowNanos) {
    return inFlight && nowNanos - inFlightSinceNanos < IN_FLIGHT_TIMEOUT_NANOS;
  }

  /**
   * Sends everything committable without waiting, unless a commit is still in flight ({@link
   * #inFlight}). Returns whether a commit was sent.
   */
  boolean commitAsync(long nowNanos) {
    if (!enabled || inFlight(nowNanos)) {
      return false;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    if (offsets.isEmpty()) {
      return false;
    }
    tracker.commitSent(offsets);
    inFlight = true;
    inFlightSinceNanos = nowNanos;
    consumer.commitAsync(
        offsets,
        (committed, error) -> {
          inFlight = false;
          if (error == null) {
            tracker.commitSucceeded(offsets);
            listener.onCommitted(offsets);
          } else {
            tracker.commitFailed(offsets);
            log.warn("Commit of {} failed; it is retried with the next commit", offsets, error);
            listener.onCommitFailed(offsets, error);
          }
        });
    return true;
  }

  /**
   * Commits, before {@code partitions} are given up, everything handled of them that the
   * coordinator has not acknowledged (offsets of a commit still in flight included), and waits for
   * the result until {@code deadlineNanos}; a failure is reported, not thrown.
   */
  void commitBeforeRevocation(Collection<TopicPartition> partitions, long deadlineNanos) {
    if (!enabled) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.unacknowledged(partitions);
    try {
      commitSync(offsets, deadlineNanos);
    } catch (RebalanceInProgressException e) {
      report(offsets, e);
    }
  }

  /**
   * The final commit, on shutdown: everything handled that the coordinator has not acknowledged,
   * offsets of a commit still in flight included, waiting at most until {@code deadlineNanos} (at
   * least {@link #MIN_SYNC_NANOS}). A group in the middle of a rebalance refuses commits until the
   * member polled its way through it; the client would then report the partitions lost on close and
   * what was handled would be delivered again. So this keeps polling, with every partition paused
   * and whatever arrives dropped (it was not handled, so it is not committed), until the commit
   * goes through or the deadline passed. {@code harvest} reads the lanes' progress again after each
   * poll, since a revocation during it may have moved things.
   */
  void commitFinal(long deadlineNanos, Runnable harvest) {
    if (!enabled) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        commitSync(tracker.unacknowledged(), deadlineNanos);
        return;
      } catch (RebalanceInProgressException e) {
        if (nanoClock.getAsLong() - deadlineNanos >= 0) {
          log.error(
              "Final commit impossible: the group is still rebalancing at the shutdown timeout;"
                  + " what was handled since the last commit will be delivered again");
          return;
        }
        if (attempt == 1) {
          log.info("Final commit waits for the group's rebalance to complete");
        }
        consumer.pause(consumer.assignment());
        try {
          consumer.poll(REBALANCE_POLL);
        } catch (WakeupException | RecordDeserializationException ignored) {
          // Nothing polled now is handled: it is delivered again to the next owner.
        }
        harvest.run();
      } catch (RuntimeException e) {
        log.error("Final commit failed", e);
        return;
      }
    }
  }

  /**
   * Commits {@code offsets} and waits for the answer until {@code deadlineNanos}, at least {@link
   * #MIN_SYNC_NANOS}.
   *
   * @throws RebalanceInProgressException if the group is rebalancing: the commit can succeed once a
   *     {@code poll} completed the rebalance
   */
  private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineNanos) {
    if (offsets.isEmpty()) {
      return;
    }
    tracker.commitSent(offsets);
    try {
      Wakeups.retrying(
          () ->
              consumer.commitSync(
                  offsets,
                  Duration.ofNanos(
                      Math.max(MIN_SYNC_NANOS, deadlineNanos - nanoClock.getAsLong()))));
      tracker.commitSucceeded(offsets);
      log.debug("Committed {}", offsets);
      listener.onCommitted(offsets);
    } catch (RebalanceInProgressException e) {
      tracker.commitFailed(offsets);
      throw e;
    } catch (KafkaException e) {
      tracker.commitFailed(offsets);
      report(offsets, e);
    }
  }

  private void report(Map<TopicPartition, OffsetAndMetadata> offsets, KafkaException e) {
    log.error(
        "Commit of {} failed: these records may be delivered again after a restart", offsets, e);
    listener.onCommitFailed(offsets, e);
  }
}
