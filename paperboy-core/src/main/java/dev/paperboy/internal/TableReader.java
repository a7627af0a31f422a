package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.table.TableStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table's topic, all of its partitions, on a thread of its own ({@code
 * paperboy-table-<topic>}), with a consumer of its own that is assigned the partitions (no group,
 * nothing committed). It restores first, up to the end offsets seen when the restore began, then
 * follows the topic until closed. It is the only writer of the table's store and the only thread
 * that touches its consumer; other threads read its volatile status and call {@link #close()}. On
 * its thread, {@link RestoreStart} seeks the consumer to where the restore starts; what it polls
 * goes to a {@link TableApplier}, which applies it (through {@link TableChanges}) on a thread of
 * its own while the reader polls the next, and the restore counts as done once everything up to the
 * end offsets was applied. The status counts the offsets read, which may be one poll ahead of those
 * applied. {@link StopSignal} carries the close to it.
 *
 * <p>A restore that has not moved for {@code stallNanos} is a problem: logged at WARN, reported to
 * the listener's {@code onProblem} and in the status, and cleared once it moves again; a timeout
 * (of the end offsets, a position, a poll) is retried, never the end of a restore, so {@code
 * startupTimeoutMs=0} waits for the cluster as long as it takes. A record the table cannot read is
 * reported as a poison pill and skipped.
 *
 * <p>Once restored, a retriable error while following the topic (a timeout, no leader) is reported
 * the same way and retried after a backoff that doubles up to 10 s; the table keeps serving what it
 * holds meanwhile. Any other error ends the reader: logged at ERROR, reported to {@code onProblem}
 * and kept in the status (so the engine's problem and health show it) while the table serves its
 * last state; a restart of the engine restores it again.
 */
final class TableReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TableReader.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 10_000;

  private final TopicTable<?, ?> table;
  private final TableData data;
  private final Consumer<byte[], byte[]> consumer;
  private final PaperboyListener listener;
  private final LongSupplier nanoClock;
  private final long stallNanos;
  private final long firstBackoffMs;
  private final StopSignal stop;
  private final RestoreStart start;
  private final TableApplier applier;
  private final CountDownLatch restored = new CountDownLatch(1);
  private volatile TableStatus status;
  private volatile PaperboyException failure;
  private RestoreProgress progress;

  TableReader(
      TopicTable<?, ?> table,
      TableData data,
      Consumer<byte[], byte[]> consumer,
      PaperboyListener listener,
      LongSupplier nanoClock,
      long stallNanos) {
    this(table, data, consumer, listener, nanoClock, stallNanos, FIRST_BACKOFF_MS);
  }

  TableReader(
      TopicTable<?, ?> table,
      TableData data,
      Consumer<byte[], byte[]> consumer,
      PaperboyListener listener,
      LongSupplier nanoClock,
      long stallNanos,
      long firstBackoffMs) {
    this.firstBackoffMs = firstBackoffMs;
    this.table = table;
    this.data = data;
    this.consumer = consumer;
    this.listener = listener;
    this.nanoClock = nanoClock;
    this.stallNanos = stallNanos;
    this.stop = new StopSignal(table.topic());
    this.start =
        new RestoreStart(
            table.topic(), data, consumer, nanoClock, firstBackoffMs, stop, this::restoreProblem);
    this.applier = new TableApplier(table.topic(), new TableChanges(table, data, listener));
    this.status = new TableStatus(table.topic(), false, 0, 0, Optional.empty());
  }

  @Override
  public void run() {
    try {
      restore();
      restored.countDown();
      follow();
    } catch (WakeupException e) {
      if (!stop.closed()) {
        fail(new PaperboyException("table " + table.topic() + ": reader woken up", e));
      }
    } catch (PaperboyException e) {
      fail(e);
    } catch (Throwable e) { // an Error too: the engine must learn that this table stopped
      fail(new PaperboyException("table " + table.topic() + " failed: " + e, e));
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    } finally {
      applier.close();
      restored.countDown();
      try {
        consumer.close();
      } catch (RuntimeException e) {
        log.warn("Closing the consumer of table {} failed", table.topic(), e);
      }
    }
  }

  /** Stops reading; the thread closes the consumer and ends. Any thread. */
  void close() {
    stop.close();
    consumer.wakeup();
  }

  /**
   * Waits at most {@code timeoutMs} for the restore to end (done, failed or closed); whether it
   * ended is not whether it succeeded: {@link #status()} says that.
   */
  boolean awaitRestored(long timeoutMs) throws InterruptedException {
    return restored.await(timeoutMs, TimeUnit.MILLISECONDS);
  }

  TableStatus status() {
    return status;
  }

  /** Why the reader stopped, or null. */
  PaperboyException failure() {
    return failure;
  }

  /** Follows the topic until closed, retrying retriable errors after a backoff. */
  private void follow() {
    long backoffMs = firstBackoffMs;
    boolean failing = false;
    while (!stop.closed()) {
      try {
        applier.handOver(consumer.poll(POLL));
        if (failing) {
          failing = false;
          backoffMs = firstBackoffMs;
          log.info("Table {} is following its topic again", table.topic());
          report(true, null);
          listener.onProblem(null);
        }
      } catch (RetriableException e) {
        applier.awaitApplied(); // a failed apply ends the reader, even while polls keep failing
        failing = true;
        String problem =
            "table "
                + table.topic()
                + " cannot read its topic, retrying in "
                + backoffMs
                + " ms (is the cluster reachable?): "
                + e;
        log.warn(problem);
        report(true, problem);
        listener.onProblem(problem);
        stop.pause(backoffMs);
        backoffMs = Math.min(2 * backoffMs, MAX_BACKOFF_MS);
      }
    }
  }

  private void restore() {
    long began = nanoClock.getAsLong();
    progress = start.seek();
    log.info(
        "Restoring table {}: {} offsets in {} partitions",
        table.topic(),
        progress.toRestore(),
        start.partitions());
    report(false, null);
    listener.onTableRestoring(status);
    data.store().restoring(progress.toRestore());
    boolean stalled = readUntilRestored();
    if (stop.closed()) {
      return;
    }
    applier.awaitApplied();
    if (stalled) {
      listener.onProblem(null);
    }
    data.store().restored();
    report(true, null);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - began);
    log.info(
        "Restored table {}: {} offsets in {} ms, {} keys",
        table.topic(),
        progress.toRestore(),
        tookMs,
        data.store().size());
    listener.onTableRestored(status, tookMs);
  }

  /** Reads until the restore is done or the reader closed; whether it ended stalled. */
  private boolean readUntilRestored() {
    long reportedNanos = nanoClock.getAsLong();
    boolean stalled = false;
    while (!stop.closed() && !progress.done()) {
      try {
        applier.handOver(consumer.poll(POLL));
        progress.update(start.positions(), nanoClock.getAsLong());
      } catch (RetriableException e) { // a timeout is no reason to give up: a stall, if it lasts
        applier.awaitApplied(); // but a failed apply is
        log.debug("Restoring table {}: {}", table.topic(), e.toString());
        stop.pause(firstBackoffMs);
      }
      long now = nanoClock.getAsLong();
      stalled = checkStall(stalled, now);
      if (now - reportedNanos >= REPORT_EVERY_NANOS) {
        reportedNanos = now;
        log.info(
            "Restoring table {}: {} of {} offsets",
            table.topic(),
            progress.restored(),
            progress.toRestore());
        listener.onTableRestoring(status);
      }
    }
    return stalled;
  }

  private boolean checkStall(boolean wasStalled, long now) {
    boolean stalled = progress.stalled(now, stallNanos);
    if (stalled && !wasStalled) {
      String problem =
          "table "
              + table.topic()
              + " is not restoring: no progress for "
              + TimeUnit.NANOSECONDS.toSeconds(stallNanos)
              + " s, "
              + progress.restored()
              + " of "
              + progress.toRestore()
              + " offsets read; handlers wait until it is restored (is the cluster reachable?)";
      log.warn(problem);
      report(false, problem);
      listener.onProblem(problem);
    } else if (!stalled && wasStalled) {
      log.info("Table {} is restoring again", table.topic());
      listener.onProblem(null);
    }
    if (!stalled) {
      report(false, null);
    }
    return stalled;
  }

  /** A problem of reading the cluster to start the restore, or null once it is over. */
  private void restoreProblem(String problem) {
    report(false, problem);
    listener.onProblem(problem);
  }

  private void report(boolean done, String problem) {
    long restoredOffsets = progress == null ? 0 : progress.restored();
    long toRestore = progress == null ? 0 : progress.toRestore();
    status =
        new TableStatus(
            table.topic(),
            done,
            done ? toRestore : restoredOffsets,
            toRestore,
            Optional.ofNullable(problem));
  }

  private void fail(PaperboyException e) {
    failure = e;
    boolean done = status.restored();
    String problem =
        done ? e.getMessage() + "; the table no longer follows its topic" : e.getMessage();
    report(done, problem);
    log.error(problem, e.getCause());
    listener.onProblem(problem);
  }
}
