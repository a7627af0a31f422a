package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.table.Table;
import dev.paperboy.table.TableStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine's tables while it runs: creates missing changelog topics, starts one {@link
 * TableReader} per table, waits until all are restored before the engine hands out any record,
 * reports their status and closes them on shutdown. Not API: the front door the public package
 * calls for tables.
 */
public final class TableRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TableRuntime.class);

  /** How long a restore may make no progress before it is reported as a problem. */
  static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final long CLOSE_WAIT_MS = 10_000;

  /**
   * Records per poll of a table's consumer: a table does little per record, so a poll of the
   * default 500 costs more in the loop around it (positions, progress, a store write per partition)
   * than in the records; measured with the restore benchmark.
   */
  static final int TABLE_MAX_POLL_RECORDS = 5_000;

  /**
   * Bytes per partition in one fetch of a table's consumer, 8 times the client's default, so a
   * restore needs fewer round trips to the broker. What one fetch may bring in all stays capped by
   * {@code fetch.max.bytes} (its default, 50 MB), as for any consumer.
   */
  static final int TABLE_MAX_PARTITION_FETCH_BYTES = 8 << 20;

  /**
   * The socket receive buffer of a table's consumer: -1, the operating system's, which grows with
   * the transfer (Linux tunes it up to {@code net.ipv4.tcp_rmem}'s maximum). The client's default
   * (64 KB) is set explicitly on the socket, which turns that tuning off: the broker can then send
   * only 64 KB of a fetch response ahead of the reader, and a reader waiting for the store to take
   * its last poll stops the transfer of the next one. Measured with the restore benchmark (one
   * record per key): the memory store from 0.68 to 1.02 of a raw consumer's read.
   */
  static final int TABLE_RECEIVE_BUFFER_BYTES = -1;

  private final List<TopicTable<?, ?>> opened = new ArrayList<>();
  private final List<TableData> data = new ArrayList<>();
  private final List<TableReader> readers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  private TableRuntime() {}

  /**
   * Checks {@code tables} (the engine's own, one per topic), creates missing changelog topics and
   * starts reading every table. {@code connection} holds the consumer's connection settings; {@code
   * producer} writes the state tables, whose handling waits at most {@code maxAckWaitMs} for it.
   *
   * @throws PaperboyException if a table is not one the engine made, two tables read one topic, or
   *     a changelog topic cannot be created
   */
  public static TableRuntime start(
      List<? extends Table<?, ?>> tables,
      Map<String, Object> connection,
      Producer<byte[], byte[]> producer,
      long maxAckWaitMs,
      List<PaperboyListener> listeners) {
    return start(
        checked(tables),
        connection,
        producer,
        maxAckWaitMs,
        new GuardedListener(listeners),
        config ->
            new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
        System::nanoTime,
        STALL_NANOS);
  }

  static TableRuntime start(
      List<TopicTable<?, ?>> tables,
      Map<String, Object> connection,
      Producer<byte[], byte[]> producer,
      long maxAckWaitMs,
      PaperboyListener listener,
      Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers,
      LongSupplier nanoClock,
      long stallNanos) {
    List<ChangelogTable<?, ?>> changelogs = new ArrayList<>();
    tables.forEach(
        t -> {
          if (t instanceof ChangelogTable<?, ?> changelog) {
            changelogs.add(changelog);
          }
        });
    ChangelogTopics.ensure(connection, changelogs);
    TableRuntime runtime = new TableRuntime();
    try {
      for (TopicTable<?, ?> table : tables) {
        TableData data = table.open();
        runtime.opened.add(table);
        runtime.data.add(data);
        if (table instanceof ChangelogTable<?, ?> changelog) {
          changelog.writeWith(producer, maxAckWaitMs);
        }
        Map<String, Object> config = new LinkedHashMap<>(connection);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // aborted writes never enter a table; endOffsets then answers the last stable offset, and
        // the restore ends when position() reaches it (past any transaction markers)
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, TABLE_MAX_POLL_RECORDS);
        config.put(
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TABLE_MAX_PARTITION_FETCH_BYTES);
        config.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, TABLE_RECEIVE_BUFFER_BYTES);
        config.computeIfPresent(
            ConsumerConfig.CLIENT_ID_CONFIG, (k, id) -> id + "-table-" + table.topic());
        TableReader reader =
            new TableReader(table, data, consumers.apply(config), listener, nanoClock, stallNanos);
        Thread thread = new Thread(reader, "paperboy-table-" + table.topic());
        thread.setDaemon(true);
        runtime.readers.add(reader);
        runtime.threads.add(thread);
        thread.start();
      }
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  /**
   * Waits until every table is restored. Returns early, with tables not restored, once {@code
   * stopRequested} says so.
   *
   * @param timeoutMs how long the restore may take (0: no limit), counted from {@code
   *     startedAtNanos} ({@link System#nanoTime()}): the engine's start, whose {@code
   *     startupTimeoutMs} the restore shares
   * @throws PaperboyException if a table's reader ended before the table was restored (its topic
   *     does not exist, an error), or the timeout passed first
   */
  public void awaitRestored(BooleanSupplier stopRequested, long timeoutMs, long startedAtNanos)
      throws InterruptedException {
    long deadline = startedAtNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (TableReader reader : readers) {
      while (!reader.awaitRestored(50)) {
        if (stopRequested.getAsBoolean()) {
          return;
        }
        if (timeoutMs > 0 && System.nanoTime() - deadline > 0) {
          TableStatus status = reader.status();
          throw new PaperboyException(
              "table "
                  + status.topic()
                  + " not restored within startupTimeoutMs="
                  + timeoutMs
                  + ": "
                  + status
                      .problem()
                      .orElse(status.restoredOffsets() + " of " + status.offsetsToRestore()));
        }
      }
      if (reader.failure() != null) {
        throw reader.failure();
      }
      if (!reader.status().restored() && !stopRequested.getAsBoolean()) {
        throw new PaperboyException(
            "table " + reader.status().topic() + " stopped before it was restored");
      }
    }
  }

  /** Each table's status, by topic. Any thread. */
  public Map<String, TableStatus> statuses() {
    Map<String, TableStatus> statuses = new LinkedHashMap<>();
    readers.forEach(r -> statuses.put(r.status().topic(), r.status()));
    return statuses;
  }

  /** The first table problem, or null. Any thread. */
  public String problem() {
    for (TableReader reader : readers) {
      if (reader.status().problem().isPresent()) {
        return reader.status().problem().get();
      }
    }
    return null;
  }

  /**
   * Asks every reader to stop and returns at once; {@link #close(long)} then waits for them. Lets a
   * caller overlap the readers' wind-down with other closing work. Any thread.
   */
  public void stopReaders() {
    readers.forEach(TableReader::close);
  }

  /** Stops the readers, waits for them (bounded) and closes the stores. */
  @Override
  public void close() {
    close(CLOSE_WAIT_MS);
  }

  /**
   * Stops the readers and waits at most {@code waitMs} for all of them; closes the store of each
   * reader that stopped. A reader still running may still write its store, so its store stays open
   * (a WARN says so) rather than be closed under it.
   */
  public void close(long waitMs) {
    stopReaders();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    opened.forEach(TopicTable::closed); // only these: another engine may run the others
    for (int i = 0; i < data.size(); i++) {
      Thread thread = i < threads.size() ? threads.get(i) : null;
      if (thread != null && thread.isAlive()) {
        log.warn(
            "{} did not stop within {} ms; its store stays open, as the reader may still write it",
            thread.getName(),
            waitMs);
        continue;
      }
      try {
        data.get(i).store().close();
      } catch (RuntimeException e) {
        log.warn("Closing a table store failed", e);
      }
    }
  }

  private static List<TopicTable<?, ?>> checked(List<? extends Table<?, ?>> tables) {
    List<TopicTable<?, ?>> checked = new ArrayList<>();
    Map<String, Table<?, ?>> byTopic = new LinkedHashMap<>();
    for (Table<?, ?> table : tables) {
      if (!(table instanceof TopicTable<?, ?> own)) {
        throw new PaperboyException(
            "table "
                + table
                + " was not made by Table.view, Table.builder or StateTable.of: an engine reads"
                + " only its own tables");
      }
      if (byTopic.put(table.topic(), table) != null) {
        throw new PaperboyException(
            "two tables read topic " + table.topic() + "; one topic has one table per engine");
      }
      checked.add(own);
    }
    return checked;
  }
}
