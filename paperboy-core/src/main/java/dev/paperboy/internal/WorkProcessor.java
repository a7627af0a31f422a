package dev.paperboy.internal;

import dev.paperboy.Context;
import dev.paperboy.HandlingInterceptor;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.RetryPolicy;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one step of a lane's {@link Handling} on a handler thread: tries a batch once, or makes one
 * attempt at one record, or one dead-letter write. It never waits: a retry's backoff is returned as
 * {@link Step#waitFor}, and the lane comes back after it with the same {@code Handling}, so a
 * backing-off partition holds no thread.
 *
 * <p>A record that still fails after the {@link RetryPolicy}'s attempts (or fails with an error the
 * policy does not retry) goes to the error policy: with a dead-letter publisher it is written there
 * and counts as done once acknowledged; otherwise {@code failOnException(true)} makes the error
 * fatal and {@code false} logs it and moves on. A handler's interrupt flag is cleared after each of
 * its calls, so it reaches neither the engine's own waits nor the next record.
 *
 * <p>Each handler call runs in a {@link HandlingScope}: what the handler sent through the engine's
 * producer (records, state table writes) must be acknowledged before the record or batch counts as
 * handled, and a send that failed is the handling's error, retried or dead-lettered like any.
 */
final class WorkProcessor<K, V> {
  private static final Logger log = LoggerFactory.getLogger(WorkProcessor.class);
  private static final long DEAD_LETTER_MAX_BACKOFF_MS = 30_000;

  private final boolean failOnException;
  private final RetryPolicy retry;
  private final DeadLetterPublisher deadLetters;
  private final PaperboyListener listener;
  private final Interceptors interceptors;

  WorkProcessor(
      boolean failOnException,
      RetryPolicy retry,
      DeadLetterPublisher deadLetters,
      PaperboyListener listener,
      Interceptors interceptors) {
    this.failOnException = failOnException;
    this.retry = retry;
    this.deadLetters = deadLetters;
    this.listener = listener;
    this.interceptors = interceptors;
  }

  /** Makes the next step of {@code handling}, whose records go to {@code route}. */
  Step step(Route<K, V> route, Handling<K, V> handling) {
    if (handling.pill() != null) {
      return handling.failure() == null ? poisonPill(route, handling) : deadLetter(route, handling);
    }
    if (handling.batchPending()) {
      tryBatch(route, handling);
      return Step.CONTINUE;
    }
    if (handling.failure() != null) {
      return deadLetter(route, handling);
    }
    return attempt(route, handling);
  }

  /** One attempt at the current record, with its own context. */
  private Step attempt(Route<K, V> route, Handling<K, V> handling) {
    ConsumerRecord<K, V> record = handling.record();
    ConsumerRecord<Object, Object> typed;
    try {
      typed = route.typed(record);
    } catch (RuntimeException e) {
      handling.failed(e); // the typed handler's deserializer cannot read it: no retry helps
      return failed(route, handling);
    }
    HandlingInterceptor.Scope scope = interceptors.beginRecord(record, handling.attempt());
    HandlingScope sends = HandlingScope.begin();
    Exception error = null;
    try {
      error = HookRunner.runRecord(route.handler(), typed);
      if (error == null) {
        error = sends.awaitAcks();
      }
    } finally {
      sends.end();
      Thread.interrupted();
      scope.end(error);
    }
    if (error == null) {
      handling.recordDone();
      return Step.CONTINUE;
    }
    if (handling.attempt() < retry.maxAttempts() && retry.retries(error)) {
      long delay = retry.backoffMs(handling.attempt());
      log.warn(
          "Attempt {} of {} failed on topic {} partition {} offset {}: {}; retrying in {} ms",
          handling.attempt(),
          retry.maxAttempts(),
          record.topic(),
          record.partition(),
          record.offset(),
          error.toString(),
          delay);
      listener.onRetry(List.of(record), handling.attempt(), error, delay);
      handling.retrying();
      return Step.waitFor(delay);
    }
    handling.failed(error);
    return failed(route, handling);
  }

  /**
   * Tries the unit's records as one batch, once: {@code onBulk} for a bulk handler, the record
   * hooks with one shared context otherwise. On failure the unit is narrowed to the records from
   * where it failed, which then go one by one.
   */
  private void tryBatch(Route<K, V> route, Handling<K, V> handling) {
    List<ConsumerRecord<K, V>> batch = handling.work().records();
    PaperboyHandler<Object, Object> handler = route.handler();
    int handled;
    Exception error = null;
    HandlingInterceptor.Scope scope = interceptors.begin(batch, true, 1);
    HandlingScope sends = HandlingScope.begin();
    try {
      List<ConsumerRecord<Object, Object>> typed = route.typed(batch);
      if (handler instanceof PaperboyBulkHandler) {
        error = runBulk((PaperboyBulkHandler<Object, Object>) handler, typed);
        handled = error == null ? batch.size() : 0;
      } else {
        Context ctx = HookRunner.defineContext(handler);
        handled = 0;
        error = null;
        while (handled < typed.size() && error == null) {
          error = HookRunner.runInContext(handler, typed.get(handled), ctx);
          if (error == null) {
            handled++;
          }
        }
        Exception finishError = HookRunner.finish(handler, typed.subList(0, handled), ctx, null);
        if (finishError != null) {
          error = error == null ? finishError : error;
          handled = 0;
        }
      }
      Exception ackError = handled > 0 ? sends.awaitAcks() : null;
      if (ackError != null) {
        error = error == null ? ackError : error; // what was sent is not all acknowledged
        handled = 0;
      }
    } catch (RuntimeException e) {
      error = e;
      handled = 0;
    } finally {
      sends.end();
      Thread.interrupted();
      scope.end(error);
    }
    handling.batchDone(handled);
    if (error != null) {
      ConsumerRecord<K, V> from = batch.get(handled);
      log.warn(
          "Batch of {} records on topic {} partition {} offsets {}..{} failed at offset {}: {};"
              + " handling its records from offset {} one by one",
          batch.size(),
          from.topic(),
          from.partition(),
          batch.get(0).offset(),
          batch.get(batch.size() - 1).offset(),
          from.offset(),
          error.toString(),
          from.offset());
    }
  }

  private static Exception runBulk(
      PaperboyBulkHandler<Object, Object> handler, List<ConsumerRecord<Object, Object>> typed) {
    Context ctx = null;
    Exception error;
    try {
      ctx = HookRunner.defineContext(handler);
      error = HookRunner.runBulk(handler, typed, ctx);
    } catch (Exception e) {
      error = e;
    }
    return HookRunner.finish(handler, typed, ctx == null ? new Context() : ctx, error);
  }

  /**
   * A record the consumer could not deserialize: dead-lettered with its raw bytes, skipped under
   * {@code failOnException(false)}, else fatal.
   */
  private Step poisonPill(Route<K, V> route, Handling<K, V> handling) {
    PoisonPill pill = handling.pill();
    handling.failed(pill.cause());
    if (deadLetters != null) {
      return deadLetter(route, handling);
    }
    report(handling, failOnException);
    if (failOnException) {
      return Step.fatal(pill.cause());
    }
    log.error(
        "Skipping record on topic {} partition {} offset {}: it cannot be deserialized"
            + " (failOnException=false)",
        pill.topic(),
        pill.partition().partition(),
        pill.offset(),
        pill.cause());
    handling.recordDone();
    return Step.CONTINUE;
  }

  /** The current record failed for good: the error policy decides. */
  private Step failed(Route<K, V> route, Handling<K, V> handling) {
    if (deadLetters != null) {
      return deadLetter(route, handling);
    }
    Exception error = handling.failure();
    report(handling, failOnException);
    if (failOnException) {
      return Step.fatal(error);
    }
    log.error(
        "Handling failed for {}; moving past it (failOnException=false)",
        describe(handling),
        error);
    handling.recordDone();
    return Step.CONTINUE;
  }

  /**
   * One write of the failed record to its dead-letter topic, waiting for the acknowledgement. A
   * failed write stops the engine under {@code failOnException(true)}, and is tried again after a
   * backoff otherwise; a record that cannot be serialized for the write never will be, so it stops
   * the engine or, under {@code failOnException(false)}, is skipped.
   */
  private Step deadLetter(Route<K, V> route, Handling<K, V> handling) {
    String topic = route.handler().deadLetterTopic();
    Exception error = handling.failure();
    String what = describe(handling);
    try {
      if (handling.pill() != null) {
        deadLetters.publish(topic, handling.pill());
      } else {
        deadLetters.publish(topic, List.of(handling.record()), error);
      }
    } catch (InterruptedException e) {
      // Not a close (a closed lane does not come here): write again; the copy may then exist twice.
      Thread.interrupted();
      return Step.waitFor(0);
    } catch (SerializationException e) {
      return deadLetterImpossible(handling, topic, what, e);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (failOnException) {
        report(handling, true);
        return Step.fatal(
            new PaperboyException(
                "dead-letter write of " + what + " to " + topic + " failed: " + cause, cause));
      }
      report(handling, false);
      long delay = handling.nextDeadLetterDelay(DEAD_LETTER_MAX_BACKOFF_MS);
      log.error(
          "Dead-letter write of {} to {} failed; the offset is not committed, retrying in {} ms",
          what,
          topic,
          delay,
          cause);
      return Step.waitFor(delay);
    }
    report(handling, false);
    log.warn("Dead-lettered {} to {}: {}", what, topic, error.toString());
    if (handling.pill() == null) {
      listener.onDeadLettered(List.of(handling.record()), topic, error);
    }
    handling.recordDone();
    return Step.CONTINUE;
  }

  private Step deadLetterImpossible(
      Handling<K, V> handling, String topic, String what, SerializationException e) {
    report(handling, failOnException);
    if (failOnException) {
      return Step.fatal(
          new PaperboyException("cannot dead-letter " + what + " to " + topic + ": " + e, e));
    }
    log.error("Cannot dead-letter {} to {}; skipping it (failOnException=false)", what, topic, e);
    handling.recordDone();
    return Step.CONTINUE;
  }

  /**
   * Tells the listener, once per failed record or poison pill, how its failure ends: through {@code
   * onPoisonPill} for a poison pill, {@code onHandlingFailed} for a record.
   */
  private void report(Handling<K, V> handling, boolean fatal) {
    if (!handling.failureReported()) {
      handling.reportedFailure();
      if (handling.pill() != null) {
        listener.onPoisonPill(handling.pill(), fatal);
      } else {
        listener.onHandlingFailed(List.of(handling.record()), handling.failure(), fatal);
      }
    }
  }

  private static String describe(Handling<?, ?> handling) {
    if (handling.pill() != null) {
      return "poison pill " + handling.pill();
    }
    ConsumerRecord<?, ?> record = handling.record();
    return "the record on topic "
        + record.topic()
        + " partition "
        + record.partition()
        + " offset "
        + record.offset();
  }
}
