package dev.paperboy.internal;

import dev.paperboy.PoisonPill;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How far a lane got in one unit of work: which record it is at, which attempt comes next, whether
 * the record's dead-letter write is being retried. It survives a backoff, during which the lane
 * gives its thread back, so the next attempt continues exactly where the last one stopped.
 *
 * <p>A batch is first tried as a batch, once. If that fails, the unit is <em>narrowed</em>: from
 * the record where the batch failed (a plain handler) or from its first record (a bulk handler),
 * its records go one by one through the single-record path with their own retries and error policy,
 * so only the records that fail on their own are retried, dead-lettered or skipped.
 *
 * <p>Owned by one lane; read and written by whichever handler thread runs the lane's turn (turns
 * never overlap).
 */
final class Handling<K, V> {
  private final Work<K, V> work;
  private boolean batchPending;
  private int index;
  private int attempt = 1;
  private Exception failure;
  private boolean failureReported;
  private long deadLetterDelayMs;
  private long handledOffset = -1;
  private int handledCount;

  Handling(Work<K, V> work) {
    this.work = work;
    this.batchPending = work.kind() == Work.Kind.BATCH;
  }

  Work<K, V> work() {
    return work;
  }

  /** Whether the batch attempt is still to be made. */
  boolean batchPending() {
    return batchPending;
  }

  /**
   * The batch attempt is over: the records before {@code from} were handled in it, the others go
   * one by one from there ({@code from == size} when the batch succeeded).
   */
  void batchDone(int from) {
    batchPending = false;
    if (from > 0) {
      handledCount += from;
      handledOffset = work.records().get(from - 1).offset() + 1;
    }
    index = from;
  }

  /** Whether every record of the unit is handled (or deliberately skipped). */
  boolean isFinished() {
    return !batchPending && index >= work.size();
  }

  /** The record being handled one by one. */
  ConsumerRecord<K, V> record() {
    return work.records().get(index);
  }

  /** The poison pill of a poison-pill unit, or null. */
  PoisonPill pill() {
    return work.pill();
  }

  /** The offset of the record the lane is at, for reports. */
  long offset() {
    if (work.pill() != null) {
      return work.pill().offset();
    }
    return work.records().get(Math.min(index, work.size() - 1)).offset();
  }

  /** The number of the next attempt at the current record, from 1. */
  int attempt() {
    return attempt;
  }

  /** The attempt failed and will be made again. */
  void retrying() {
    attempt++;
  }

  /** The current record is done with (handled, dead-lettered or skipped); on to the next. */
  void recordDone() {
    handledOffset = work.pill() != null ? work.pill().offset() + 1 : record().offset() + 1;
    handledCount++;
    index++;
    attempt = 1;
    failure = null;
    failureReported = false;
    deadLetterDelayMs = 0;
  }

  /** The error the current record failed with for good, while its dead-letter write is retried. */
  Exception failure() {
    return failure;
  }

  void failed(Exception error) {
    failure = error;
  }

  /** Whether the listener heard of the current record's failure. */
  boolean failureReported() {
    return failureReported;
  }

  void reportedFailure() {
    failureReported = true;
  }

  /** The wait before the next dead-letter write: 100 ms, doubling, at most {@code maxMs}. */
  long nextDeadLetterDelay(long maxMs) {
    deadLetterDelayMs = deadLetterDelayMs == 0 ? 100 : Math.min(deadLetterDelayMs * 2, maxMs);
    return deadLetterDelayMs;
  }

  /** The offset after the last record done with, in order; -1 before the first. */
  long handledOffset() {
    return handledOffset;
  }

  /** Records done with so far. */
  int handledCount() {
    return handledCount;
  }

  /** The records being handled, for reports: the batch while it is tried, else the one record. */
  List<ConsumerRecord<K, V>> current() {
    return batchPending ? work.records() : List.of(record());
  }
}
