package dev.paperboy.internal;

import dev.paperboy.Context;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.RetryPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles work on a handler thread: finds the topic's handler, runs its hooks, retries by the
 * {@link RetryPolicy}, and then applies the error policy to what still fails. With a dead-letter
 * publisher the record is written there (and counts as done once acknowledged); otherwise {@code
 * failOnException(true)} makes the error fatal and {@code false} logs it and moves on.
 */
final class WorkProcessor<K, V> {
  private static final Logger log = LoggerFactory.getLogger(WorkProcessor.class);
  private static final long DEAD_LETTER_MAX_BACKOFF_MS = 30_000;

  private final Map<String, Route<K, V>> routes = new HashMap<>();
  private final boolean failOnException;
  private final RetryPolicy retry;
  private final DeadLetterPublisher deadLetters;
  private final PaperboyListener listener;

  WorkProcessor(
      Map<String, PaperboyHandler<K, V>> handlers,
      boolean failOnException,
      RetryPolicy retry,
      DeadLetterPublisher deadLetters,
      PaperboyListener listener) {
    handlers.forEach((topic, handler) -> routes.put(topic, new Route<>(handler)));
    this.failOnException = failOnException;
    this.retry = retry;
    this.deadLetters = deadLetters;
    this.listener = listener;
  }

  /** Handles one record on its own, with its own context and retries. */
  Outcome handleRecord(ConsumerRecord<K, V> record, Backoff backoff) {
    return handleRecord(routeOf(record.topic()), record, backoff);
  }

  /** {@link #handleRecord(ConsumerRecord, Backoff)} with the record's route looked up already. */
  Outcome handleRecord(Route<K, V> route, ConsumerRecord<K, V> record, Backoff backoff) {
    PaperboyHandler<Object, Object> handler = route.handler();
    List<ConsumerRecord<K, V>> one = List.of(record);
    ConsumerRecord<Object, Object> typed;
    try {
      typed = route.typed(record);
    } catch (RuntimeException e) {
      return failed(handler, one, e, backoff);
    }
    return withRetries(handler, one, backoff, () -> HookRunner.runRecord(handler, typed));
  }

  /**
   * Handles the records of one partition as one batch: {@code onBulk} for a bulk handler (the batch
   * is retried as a whole), the record hooks with one shared context otherwise (each record retried
   * on its own). Under a fatal error nothing of the batch counts as handled.
   */
  Outcome handleBatch(List<ConsumerRecord<K, V>> batch, Backoff backoff) {
    Route<K, V> route = routeOf(batch.get(0).topic());
    PaperboyHandler<Object, Object> handler = route.handler();
    List<ConsumerRecord<K, V>> consumed = new ArrayList<>(batch.size());
    List<ConsumerRecord<Object, Object>> typed = new ArrayList<>(batch.size());
    for (ConsumerRecord<K, V> record : batch) {
      try {
        typed.add(route.typed(record));
        consumed.add(record);
      } catch (RuntimeException e) {
        Outcome unreadable = failed(handler, List.of(record), e, backoff);
        if (!unreadable.isDone()) {
          return unreadable;
        }
      }
    }
    if (typed.isEmpty()) {
      return Outcome.DONE;
    }
    if (handler instanceof PaperboyBulkHandler) {
      return handleBulk((PaperboyBulkHandler<Object, Object>) handler, consumed, typed, backoff);
    }
    Context ctx;
    try {
      ctx = HookRunner.defineContext(handler);
    } catch (Exception e) {
      return failed(handler, consumed, e, backoff);
    }
    Outcome outcome = Outcome.DONE;
    for (int i = 0; i < typed.size() && outcome.isDone(); i++) {
      outcome = handleInBatch(handler, consumed.get(i), typed.get(i), ctx, backoff);
    }
    Exception finishError = HookRunner.finish(handler, typed, ctx, null);
    if (finishError != null && outcome.isDone()) {
      outcome = failed(handler, consumed, finishError, backoff);
    }
    return outcome;
  }

  /**
   * Dead-letters or skips a record the consumer could not deserialize; without a dead-letter policy
   * and under {@code failOnException(true)}, fails on it.
   */
  Outcome handlePoisonPill(PoisonPill pill, Backoff backoff) {
    if (deadLetters == null && failOnException) {
      return Outcome.fatal(pill.cause());
    }
    if (deadLetters != null) {
      String topic = routeOf(pill.topic()).handler().deadLetterTopic();
      return deadLetter(
          topic, "poison pill " + pill, () -> deadLetters.publish(topic, pill), backoff);
    }
    log.error(
        "Skipping record on topic {} partition {} offset {}: it cannot be deserialized"
            + " (failOnException=false)",
        pill.topic(),
        pill.partition().partition(),
        pill.offset(),
        pill.cause());
    return Outcome.DONE;
  }

  private Outcome handleBulk(
      PaperboyBulkHandler<Object, Object> handler,
      List<ConsumerRecord<K, V>> consumed,
      List<ConsumerRecord<Object, Object>> typed,
      Backoff backoff) {
    return withRetries(
        handler,
        consumed,
        backoff,
        () -> {
          Context ctx = null;
          Exception error;
          try {
            ctx = HookRunner.defineContext(handler);
            error = HookRunner.runBulk(handler, typed, ctx);
          } catch (Exception e) {
            error = e;
          }
          return HookRunner.finish(handler, typed, ctx == null ? new Context() : ctx, error);
        });
  }

  private Outcome handleInBatch(
      PaperboyHandler<Object, Object> handler,
      ConsumerRecord<K, V> record,
      ConsumerRecord<Object, Object> typed,
      Context ctx,
      Backoff backoff) {
    return withRetries(
        handler, List.of(record), backoff, () -> HookRunner.runInContext(handler, typed, ctx));
  }

  /**
   * Makes attempts until one succeeds, the policy's attempts are used up (then the error policy
   * decides), or the lane closes during a backoff.
   */
  private Outcome withRetries(
      PaperboyHandler<?, ?> handler,
      List<ConsumerRecord<K, V>> records,
      Backoff backoff,
      Attempt attempt) {
    for (int number = 1; ; number++) {
      Exception error = attempt.run();
      if (error == null) {
        return Outcome.DONE;
      }
      if (number >= retry.maxAttempts()) {
        return failed(handler, records, error, backoff);
      }
      if (!waitToRetry(records, number, error, backoff)) {
        return Outcome.ABANDONED;
      }
    }
  }

  private boolean waitToRetry(
      List<ConsumerRecord<K, V>> records, int attempt, Exception error, Backoff backoff) {
    long delay = retry.backoffMs(attempt);
    ConsumerRecord<K, V> first = records.get(0);
    log.warn(
        "Attempt {} of {} failed on topic {} partition {} offset {}: {}; retrying in {} ms",
        attempt,
        retry.maxAttempts(),
        first.topic(),
        first.partition(),
        first.offset(),
        error.toString(),
        delay);
    listener.onRetry(records, attempt, error, delay);
    return backoff.await(delay);
  }

  private Outcome failed(
      PaperboyHandler<?, ?> handler,
      List<ConsumerRecord<K, V>> records,
      Exception error,
      Backoff backoff) {
    boolean fatal = deadLetters == null && failOnException;
    listener.onHandlingFailed(records, error, fatal);
    if (deadLetters != null) {
      String topic = handler.deadLetterTopic();
      Outcome outcome =
          deadLetter(
              topic, describe(records), () -> deadLetters.publish(topic, records, error), backoff);
      if (outcome.isDone()) {
        listener.onDeadLettered(records, topic, error);
      }
      return outcome;
    }
    if (fatal) {
      return Outcome.fatal(error);
    }
    log.error(
        "Handling failed for {}; moving past it (failOnException=false)", describe(records), error);
    return Outcome.DONE;
  }

  /** Writes to the dead-letter topic; a failed write stops the engine or is retried. */
  private Outcome deadLetter(String topic, String what, Publish publish, Backoff backoff) {
    long delay = 100;
    while (true) {
      try {
        publish.run();
        log.warn("Dead-lettered {} to {}", what, topic);
        return Outcome.DONE;
      } catch (SerializationException e) {
        return Outcome.fatal(
            new PaperboyException("cannot dead-letter " + what + " to " + topic + ": " + e, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.ABANDONED;
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (failOnException) {
          return Outcome.fatal(
              new PaperboyException(
                  "dead-letter write of " + what + " to " + topic + " failed: " + cause, cause));
        }
        log.error(
            "Dead-letter write of {} to {} failed; the offset is not committed, retrying in {} ms",
            what,
            topic,
            delay,
            cause);
        if (!backoff.await(delay)) {
          return Outcome.ABANDONED;
        }
        delay = Math.min(delay * 2, DEAD_LETTER_MAX_BACKOFF_MS);
      }
    }
  }

  /** Where the records of {@code topic} go. */
  Route<K, V> routeOf(String topic) {
    Route<K, V> route = routes.get(topic);
    if (route == null) {
      // The engine subscribes to its handlers' topics only; reaching here is an engine bug.
      throw new IllegalStateException("no handler for topic " + topic);
    }
    return route;
  }

  private static String describe(List<? extends ConsumerRecord<?, ?>> records) {
    ConsumerRecord<?, ?> first = records.get(0);
    String where = "topic " + first.topic() + " partition " + first.partition() + " offset ";
    if (records.size() == 1) {
      return "the record on " + where + first.offset();
    }
    return "the batch of "
        + records.size()
        + " records on "
        + where
        + first.offset()
        + ".."
        + records.get(records.size() - 1).offset();
  }

  /** One attempt at handling: the handling's error, or null. */
  private interface Attempt {
    Exception run();
  }

  /** A dead-letter write that may fail. */
  private interface Publish {
    void run() throws ExecutionException, InterruptedException;
  }
}
