package dev.paperboy.benchmarks;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyListener;
import dev.paperboy.rocksdb.RocksDbStores;
import dev.paperboy.table.Table;
import dev.paperboy.table.TableStatus;
import dev.paperboy.test.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * One run of the restore benchmark, in a JVM of its own: {@code warmupPasses} unmeasured passes,
 * then one measured pass, printed as {@code restore <records> <nanos>}. A pass reads the whole
 * topic once: as a raw consumer ({@link #raw}), or as a Paperboy engine restoring one table of it
 * ({@link #table}) in memory or in RocksDB (a fresh directory each pass); or as a raw consumer with
 * a table's fetch settings ({@code raw-bulk}), which also puts each record into a map ({@link
 * #rawIntoMap}: an in-memory table at its barest).
 *
 * <p>Arguments: the variant ({@code raw}, {@code raw-bulk}, {@code raw-map}, {@code memory}, {@code
 * rocksdb}), bootstrap servers, the table's topic, an idle topic for the engine's handler, the
 * records and keys the topic holds, the timeout in seconds, the warm-up passes.
 */
public final class RestoreMain {
  private static final Duration POLL = Duration.ofMillis(200);

  /** The records a table's reader polls at most at once (TableRuntime's constant, not API). */
  static final int TABLE_POLL_RECORDS = 5_000;

  /** What a table's reader sets on its consumer (TableRuntime's constants, not API). */
  private static final Map<String, Object> TABLE_FETCH =
      Map.of(
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
          TABLE_POLL_RECORDS,
          ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
          8 << 20,
          ConsumerConfig.RECEIVE_BUFFER_CONFIG,
          -1);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private RestoreMain() {}

  /**
   * The CPU time of the newest live thread named {@code name} (a table's apply thread: the engine's
   * internals, not API), which has done all its work by the time the restore is reported. Newest:
   * the apply thread of a warm-up pass's engine may not have ended yet.
   */
  private static long cpuTimeOf(String name) {
    long newest = -1;
    for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (thread != null && thread.getThreadName().equals(name)) {
        newest = Math.max(newest, thread.getThreadId());
      }
    }
    if (newest < 0) {
      throw new IllegalStateException("no thread " + name);
    }
    return THREADS.getThreadCpuTime(newest);
  }

  /**
   * A measured pass: the records it read, how long reading them took, and the CPU time of the
   * thread that read them and of the thread that stored them (a table's apply thread; 0 for the raw
   * readers, which store on their reading thread or not at all).
   */
  record Pass(long records, long nanos, long readerCpuNanos, long applyCpuNanos) {
    double recordsPerSecond() {
      return records * 1e9 / nanos;
    }

    /** The reading thread's CPU time per record. */
    double readerCpuNanosPerRecord() {
      return (double) readerCpuNanos / records;
    }

    /** The storing thread's CPU time per record. */
    double applyCpuNanosPerRecord() {
      return (double) applyCpuNanos / records;
    }
  }

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    String bootstrap = args[1];
    String topic = args[2];
    String idle = args[3];
    long records = Long.parseLong(args[4]);
    long keys = Long.parseLong(args[5]);
    Duration timeout = Duration.ofSeconds(Long.parseLong(args[6]));
    int warmupPasses = Integer.parseInt(args[7]);
    Pass pass = null;
    for (int i = 0; i <= warmupPasses; i++) {
      pass =
          switch (variant) {
            case "raw" -> raw(bootstrap, topic, timeout);
            case "raw-bulk" -> raw(bootstrap, topic, timeout, TABLE_FETCH, null);
            case "raw-map" -> rawIntoMap(bootstrap, topic, keys, timeout);
            case "memory" -> table(bootstrap, topic, idle, keys, timeout, false);
            case "rocksdb" -> table(bootstrap, topic, idle, keys, timeout, true);
            default -> throw new IllegalArgumentException("unknown restore variant " + variant);
          };
      if (pass.records != records) {
        throw new IllegalStateException(
            variant + " read " + pass.records + " records, the topic holds " + records);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "restore %d %d %d %d%n",
        pass.records,
        pass.nanos,
        pass.readerCpuNanos,
        pass.applyCpuNanos);
  }

  /**
   * A plain consumer without a group, timed from {@code partitionsFor} to the end offsets: assign
   * every partition, seek to the beginning, poll until every position reached its end offset,
   * counting records and doing nothing else with them (the steps of a table's restore).
   */
  static Pass raw(String bootstrap, String topic, Duration timeout) {
    return raw(bootstrap, topic, timeout, Map.of(), null);
  }

  /**
   * The raw read with a table's fetch settings that also puts each record's key and value into a
   * {@code ConcurrentHashMap} (as {@code Bytes}, like the memory store), nothing else: a
   * hand-written table that keeps the latest value per key in a hash map, at its barest, measured
   * the same way. Checks the map holds every key.
   */
  static Pass rawIntoMap(String bootstrap, String topic, long keys, Duration timeout) {
    Map<Bytes, byte[]> latest = new ConcurrentHashMap<>();
    Pass pass = raw(bootstrap, topic, timeout, TABLE_FETCH, latest);
    if (latest.size() != keys) {
      throw new IllegalStateException("the map holds " + latest.size() + " keys, not " + keys);
    }
    return pass;
  }

  private static Pass raw(
      String bootstrap,
      String topic,
      Duration timeout,
      Map<String, Object> settings,
      Map<Bytes, byte[]> latest) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      long start = System.nanoTime();
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long deadline = start + timeout.toNanos();
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      while (!reached(consumer, end)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          count++;
          if (latest != null) {
            latest.put(Bytes.wrap(record.key()), record.value());
          }
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("raw read " + count + " records within " + timeout);
        }
      }
      long nanos = System.nanoTime() - start;
      return new Pass(count, nanos, THREADS.getCurrentThreadCpuTime() - cpuStart, 0);
    }
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> target : end.entrySet()) {
      if (consumer.position(target.getKey()) < target.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * An engine with one view of the topic (byte[] serdes, like the raw consumer), timed by the
   * restore itself: the duration {@code onTableRestored} reports, from the reader's {@code
   * partitionsFor} to the end offsets. Checks the table holds every key.
   */
  static Pass table(
      String bootstrap, String topic, String idle, long keys, Duration timeout, boolean rocksdb)
      throws Exception {
    Path directory = rocksdb ? Files.createTempDirectory("paperboy-bench-restore-") : null;
    var builder = Table.builder(topic, Serdes.ByteArray(), Serdes.ByteArray());
    Table<byte[], byte[]> table =
        rocksdb ? builder.store(RocksDbStores.at(directory)).buildView() : builder.buildView();
    CompletableFuture<Pass> restored = new CompletableFuture<>();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onTableRestored(TableStatus status, long durationMs) {
            // on the reader's thread, which started with the restore: its CPU time is the restore's
            restored.complete(
                new Pass(
                    status.restoredOffsets(),
                    TimeUnit.MILLISECONDS.toNanos(durationMs),
                    THREADS.getCurrentThreadCpuTime(),
                    cpuTimeOf("paperboy-table-" + topic + "-apply")));
          }
        };
    PaperboyEngine<byte[], byte[]> engine =
        PaperboyEngine.builder(new ByteArrayDeserializer(), new ByteArrayDeserializer())
            .bootstrapServers(bootstrap)
            .groupId(EmbeddedKafka.uniqueName("bench-restore"))
            .table(table)
            .handler(idle, (msg, ctx) -> {})
            .options(EngineOptions.builder().listener(listener).shutdownHook(false).build())
            .build();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> run = thread.submit(engine::start);
      Pass pass = restored.get(timeout.toSeconds(), TimeUnit.SECONDS);
      if (table.size() != keys) {
        throw new IllegalStateException("the table holds " + table.size() + " keys, not " + keys);
      }
      engine.close();
      run.get(60, TimeUnit.SECONDS);
      return pass;
    } finally {
      thread.shutdownNow();
      if (directory != null) {
        delete(directory);
      }
    }
  }

  /** Deletes {@code directory} and everything in it. */
  static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
