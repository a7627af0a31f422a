package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what a {@link TableReader} polled on a thread of its own ({@code
 * paperboy-table-<topic>-apply}), so that the reader fetches and parses the next poll while the
 * store takes this one: a restore then costs about the slower of reading and storing instead of
 * their sum. One poll at a time: {@link #handOver} first waits until the poll before was applied,
 * so at most one poll is being applied and one read, the store's writes stay in the topic's order,
 * and each write happens before the next (the reader's own store calls included).
 *
 * <p>An apply that throws ends the reader: the next {@link #handOver} or {@link #awaitApplied}
 * throws it. Used by the reader's thread only; {@link #close()} waits for the apply in progress, so
 * the store is not written after the reader ended.
 */
final class TableApplier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TableApplier.class);

  private final String topic;
  private final TableChanges changes;
  private final ExecutorService thread;
  private Future<?> inFlight = CompletableFuture.completedFuture(null);

  TableApplier(String topic, TableChanges changes) {
    this.topic = topic;
    this.changes = changes;
    this.thread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread applying = new Thread(task, "paperboy-table-" + topic + "-apply");
              applying.setDaemon(true);
              return applying;
            });
  }

  /** Waits until the poll handed over before was applied, then starts applying {@code records}. */
  void handOver(ConsumerRecords<byte[], byte[]> records) {
    awaitApplied();
    if (!records.isEmpty()) {
      inFlight = thread.submit(() -> changes.apply(records));
    }
  }

  /**
   * Waits until everything handed over was applied.
   *
   * @throws PaperboyException if applying failed
   */
  void awaitApplied() {
    try {
      getUninterruptibly(inFlight);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      // a store's own report (RocksDB's, say) keeps the words the store chose
      if (cause instanceof PaperboyException stores) {
        throw stores;
      }
      throw new PaperboyException("table " + topic + " failed: " + cause, cause);
    }
  }

  /**
   * Waits for the apply in progress, if any, and ends the thread. An apply failing now, with nobody
   * left to end, is logged.
   */
  @Override
  public void close() {
    thread.shutdown(); // the apply in flight is the only task: a hand-over waits for the one before
    try {
      getUninterruptibly(inFlight);
    } catch (ExecutionException e) {
      log.warn(
          "Table {}: applying its last poll failed while the reader stopped", topic, e.getCause());
    }
  }

  /**
   * An apply is one poll's worth of store writes: short, and the store must not be written once the
   * reader ended, so an interrupt is kept for later instead of cutting the wait short.
   */
  private static void getUninterruptibly(Future<?> future) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          future.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
