package dev.paperboy.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyListener;
import dev.paperboy.table.Table;
import dev.paperboy.table.TableStatus;
import dev.paperboy.table.TableStore;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines with a RocksDB table, restarted on the same directory against a real broker: the restart
 * resumes from the stored offsets. What a restore read is counted where it arrives, in the store.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RocksDbRestartIT {
  private static final int WRITES = 100_000;
  private static final int KEYS = 10_000;
  private static final int PARTITIONS = 3;
  private static final long DEADLINE_SECONDS = 120;

  @TempDir Path stateDirectory;

  private final ExecutorService engineThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopTheEngineThread() throws InterruptedException {
    engineThread.shutdownNow();
    engineThread.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void aRestartAfter100000WritesReadsOnlyWhatWasWrittenSinceAndHoldsTheSameTable(
      EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("prices");
    String ticks = EmbeddedKafka.uniqueName("ticks");
    kafka.createTopic(
        topic,
        PARTITIONS,
        (short) 1,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    kafka.createTopic(ticks, 1);
    Map<String, String> expected = new HashMap<>();
    write(kafka, topic, 0, WRITES, expected);
    Map<String, String> afterWrites = Map.copyOf(expected);

    Restore first = restore(kafka, topic, ticks);
    Restore second = restore(kafka, topic, ticks);
    write(kafka, topic, WRITES, 1_000, expected);
    Restore third = restore(kafka, topic, ticks);

    System.out.printf(
        "RocksDbRestartIT: first start read %d records in %d ms; restart read %d records in %d ms;"
            + " restart after 1000 more writes read %d records in %d ms%n",
        first.recordsRead,
        first.durationMs,
        second.recordsRead,
        second.durationMs,
        third.recordsRead,
        third.durationMs);
    assertThat(first.storedOffsetsBefore).isEmpty();
    assertThat(first.recordsRead).isEqualTo(WRITES);
    assertThat(first.table).isEqualTo(afterWrites);
    assertThat(second.storedOffsetsBefore.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(WRITES);
    assertThat(second.recordsRead).as("records read by the restart").isZero();
    assertThat(second.status.offsetsToRestore()).isZero();
    assertThat(second.table).isEqualTo(first.table);
    assertThat(third.recordsRead).as("records read after 1000 more writes").isEqualTo(1_000);
    assertThat(third.status.offsetsToRestore()).isEqualTo(1_000);
    assertThat(third.table).isEqualTo(expected);
  }

  /** What one run of an engine saw: the store's offsets before it, its restore and the table. */
  private record Restore(
      Map<Integer, Long> storedOffsetsBefore,
      long recordsRead,
      TableStatus status,
      long durationMs,
      Map<String, String> table) {}

  /** Starts an engine on the directory, waits for the table's restore, copies it and stops. */
  private Restore restore(EmbeddedKafka kafka, String topic, String ticks) throws Exception {
    Map<Integer, Long> before;
    try (TableStore store = RocksDbStores.at(stateDirectory).open(topic)) {
      before = store.offsets();
    }
    AtomicLong applied = new AtomicLong();
    CompletableFuture<Restore> restored = new CompletableFuture<>();
    Table<String, String> table =
        Table.builder(topic, Serdes.String(), Serdes.String())
            .store(CountingStore.counting(RocksDbStores.at(stateDirectory), applied))
            .buildView();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onTableRestored(TableStatus status, long durationMs) {
            // on the table's reader thread, before it reads anything after the restore
            restored.complete(new Restore(before, applied.get(), status, durationMs, Map.of()));
          }
        };
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(kafka.bootstrapServers())
            .groupId(EmbeddedKafka.uniqueName("group"))
            .table(table)
            .handler(ticks, (msg, ctx) -> {})
            .options(EngineOptions.builder().listener(listener).shutdownHook(false).build())
            .build();

    Future<?> run = engineThread.submit(engine::start);
    Restore result = restored.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    Map<String, String> contents = new HashMap<>();
    table.forEach(contents::put);
    engine.close();
    run.get(30, TimeUnit.SECONDS);
    return new Restore(
        result.storedOffsetsBefore, result.recordsRead, result.status, result.durationMs, contents);
  }

  /**
   * Writes {@code count} records from number {@code from} on: key {@code "key-" + (i % KEYS)},
   * value {@code "value-" + i}, every seventh a tombstone; keeps {@code expected} in step.
   */
  private static void write(
      EmbeddedKafka kafka, String topic, int from, int count, Map<String, String> expected) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      String key = "key-" + (i % KEYS);
      String value = i % 7 == 6 ? null : "value-" + i;
      records.add(
          new ProducerRecord<>(topic, key.getBytes(UTF_8), value == null ? null : bytes(value)));
      if (value == null) {
        expected.remove(key);
      } else {
        expected.put(key, value);
      }
    }
    kafka.send(records);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
