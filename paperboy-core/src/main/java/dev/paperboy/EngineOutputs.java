package dev.paperboy;

import dev.paperboy.internal.TableRuntime;
import dev.paperboy.table.StateTable;
import dev.paperboy.table.Table;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an engine opens before its poll loop and closes after it: the producer that the {@link
 * Sender} and the state tables write through (only when there is either), the sender bound to it,
 * and the tables with their readers. Used by the thread that runs {@code start()}; other threads
 * read only {@link #tables()}.
 */
final class EngineOutputs {
  private static final Logger log = LoggerFactory.getLogger(EngineOutputs.class);

  private final Sender sender;
  private Producer<byte[], byte[]> producer;
  private volatile TableRuntime tables;

  EngineOutputs(Sender sender) {
    this.sender = sender;
  }

  /**
   * Creates the producer from {@code producerConfig} (asked for only then) when there is a sender
   * or a state table, binds the sender to it and starts the tables' readers, which begin restoring.
   * On an error, closes what it opened (within {@code closeTimeout}) and rethrows.
   */
  void open(
      List<? extends Table<?, ?>> tableList,
      Map<String, Object> consumerConfig,
      Supplier<Map<String, Object>> producerConfig,
      Function<Map<String, Object>, Producer<byte[], byte[]>> createProducer,
      List<PaperboyListener> listeners,
      Duration closeTimeout) {
    try {
      long maxAckWaitMs = 0;
      if (sender != null || tableList.stream().anyMatch(t -> t instanceof StateTable)) {
        Map<String, Object> config = producerConfig.get();
        producer = createProducer.apply(config);
        maxAckWaitMs = ConsumerSettings.maxAckWaitMs(config);
        if (sender != null) {
          sender.bind(producer, maxAckWaitMs);
        }
      }
      if (!tableList.isEmpty()) {
        tables =
            TableRuntime.start(
                tableList,
                ConsumerSettings.connection(consumerConfig, ""),
                producer,
                maxAckWaitMs,
                listeners);
      }
    } catch (RuntimeException | Error e) {
      close(closeTimeout);
      throw e;
    }
  }

  /** The tables' runtime, or null when there are no tables (or before {@link #open}). */
  TableRuntime tables() {
    return tables;
  }

  /**
   * Waits until every table is restored or {@code stopRequested} answers true.
   *
   * @throws PaperboyException if a table cannot be restored (its reader ended first) or {@code
   *     startupTimeoutMs} (0: none) passed first, counted from {@code startedAtNanos}
   */
  void awaitRestored(BooleanSupplier stopRequested, long startupTimeoutMs, long startedAtNanos)
      throws InterruptedException {
    TableRuntime runtime = tables;
    if (runtime != null) {
      runtime.awaitRestored(stopRequested, startupTimeoutMs, startedAtNanos);
    }
  }

  /**
   * Flushes and closes the producer (handlers are done), then the sender and the tables, within
   * {@code timeLeft}. The table readers are told to stop first, so they wind down while the
   * producer flushes; the wait for them gets what is left, at least one second.
   */
  void close(Duration timeLeft) {
    long deadline = System.nanoTime() + timeLeft.toNanos();
    TableRuntime runtime = tables;
    if (runtime != null) {
      runtime.stopReaders();
    }
    if (producer != null) {
      try {
        producer.close(timeLeft);
      } catch (RuntimeException e) {
        log.warn("Closing the producer failed", e);
      }
    }
    if (sender != null) {
      sender.unbind();
    }
    if (runtime != null) {
      runtime.close(Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
  }
}
