package dev.paperboy.internal;

import dev.paperboy.Context;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles records on a handler thread: finds the topic's handler, runs its hooks and applies the
 * error policy. A tolerated error ({@code failOnException(false)}) is logged with topic, partition
 * and offset and the records count as handled; a fatal one is returned to the lane, which stops.
 */
final class WorkProcessor<K, V> {
  private static final Logger log = LoggerFactory.getLogger(WorkProcessor.class);

  private final Map<String, PaperboyHandler<K, V>> handlers;
  private final boolean failOnException;
  private final PaperboyListener listener;

  WorkProcessor(
      Map<String, PaperboyHandler<K, V>> handlers,
      boolean failOnException,
      PaperboyListener listener) {
    this.handlers = handlers;
    this.failOnException = failOnException;
    this.listener = listener;
  }

  /** Handles one record on its own; returns the error that must stop the engine, or null. */
  Exception handleRecord(ConsumerRecord<K, V> record) {
    PaperboyHandler<K, V> handler = handlerOf(record);
    Exception error = HookRunner.runRecord(handler, record);
    return error == null ? null : failed(List.of(record), error);
  }

  /**
   * Handles the records of one partition as one batch: {@code onBulk} for a bulk handler, the
   * record hooks with one shared context otherwise. Returns the error that must stop the engine, or
   * null; under it nothing of the batch counts as handled.
   */
  Exception handleBatch(List<ConsumerRecord<K, V>> batch) {
    PaperboyHandler<K, V> handler = handlerOf(batch.get(0));
    Context ctx;
    try {
      ctx = HookRunner.defineContext(handler);
    } catch (Exception e) {
      return failed(batch, e);
    }
    if (handler instanceof PaperboyBulkHandler) {
      Exception error = HookRunner.runBulk((PaperboyBulkHandler<K, V>) handler, batch, ctx);
      error = HookRunner.finish(handler, batch, ctx, error);
      return error == null ? null : failed(batch, error);
    }
    Exception fatal = null;
    for (ConsumerRecord<K, V> record : batch) {
      Exception error = HookRunner.runInContext(handler, record, ctx);
      if (error != null) {
        fatal = failed(List.of(record), error);
        if (fatal != null) {
          break;
        }
      }
    }
    Exception finishError = HookRunner.finish(handler, batch, ctx, null);
    if (fatal == null && finishError != null) {
      fatal = failed(batch, finishError);
    } else if (fatal != null && finishError != null && finishError != fatal) {
      fatal.addSuppressed(finishError);
    }
    return fatal;
  }

  private PaperboyHandler<K, V> handlerOf(ConsumerRecord<K, V> record) {
    PaperboyHandler<K, V> handler = handlers.get(record.topic());
    if (handler == null) {
      // The engine subscribes to its handlers' topics only; reaching here is an engine bug.
      throw new IllegalStateException("no handler for topic " + record.topic());
    }
    return handler;
  }

  /** Applies the error policy; returns the error when it is fatal, null when it was tolerated. */
  private Exception failed(List<ConsumerRecord<K, V>> records, Exception error) {
    ConsumerRecord<K, V> first = records.get(0);
    listener.onHandlingFailed(records, error, failOnException);
    if (failOnException) {
      return error;
    }
    if (records.size() == 1) {
      log.error(
          "Handling failed on topic {} partition {} offset {}; moving past it (failOnException=false)",
          first.topic(),
          first.partition(),
          first.offset(),
          error);
    } else {
      log.error(
          "Handling failed for the batch of {} records on topic {} partition {} offsets {}..{};"
              + " moving past it (failOnException=false)",
          records.size(),
          first.topic(),
          first.partition(),
          first.offset(),
          records.get(records.size() - 1).offset(),
          error);
    }
    return null;
  }
}
