package dev.paperboy.resilience;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyListener;
import dev.paperboy.rocksdb.RocksDbStores;
import dev.paperboy.table.Table;
import dev.paperboy.table.TableStatus;
import dev.paperboy.table.TableStore;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of an engine whose handler writes a RocksDB-backed state table: an engine restarted on
 * the same directory holds, once restored, exactly the table rebuilt from the changelog from
 * scratch (latest value per key, tombstones deleting), whatever the kill interrupted.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RocksDbStateTableKillIT {
  private static final int RECORDS = 50_000;
  private static final int PARTITIONS = 3;
  private static final Duration DEADLINE = Duration.ofSeconds(240);

  @TempDir Path stateDirectory;

  private final ExecutorService engineThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopTheEngineThread() throws InterruptedException {
    engineThread.shutdownNow();
    engineThread.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void tableRestartedAfterSigkillDuringWritesEqualsTheChangelogReadFromScratch(EmbeddedKafka kafka)
      throws Exception {
    String input = EmbeddedKafka.uniqueName("table-in");
    String changelog = EmbeddedKafka.uniqueName("totals-changelog");
    kafka.createTopic(input, PARTITIONS);
    kafka.produceNumbered(input, PARTITIONS, 0, RECORDS);

    int handledAtKill;
    try (ChildEngine child =
        ChildEngine.builder(kafka.bootstrapServers(), input, EmbeddedKafka.uniqueName("group"))
            .handledFile(ChildEngine.tempFile("table-handled"))
            .bulkModeThreshold(1_000)
            .delayMicros(100)
            .stateTable(changelog, stateDirectory)
            .start()) {
      Await.until(
          DEADLINE,
          () -> child.handledCount() >= RECORDS / 5,
          () -> "child handled " + child.handledCount() + "; its log: " + child.logTail(80));
      child.kill();
      child.awaitExit(30);
      handledAtKill = child.handledCount();
    }
    Map<Integer, Long> storedAtKill = storedOffsets(changelog);
    Map<TopicPartition, Long> changelogEnd = kafka.endOffsets(changelog);
    Restarted restarted = restart(kafka, changelog);
    Map<String, String> rebuilt = rebuild(kafka, changelog, total(changelogEnd));

    System.out.printf(
        "RocksDbStateTableKillIT: killed after %d of %d records handled; changelog %d records,"
            + " the store had applied %d of them; the restart restored %d offsets in %d ms; %d keys%n",
        handledAtKill,
        RECORDS,
        total(changelogEnd),
        storedAtKill.values().stream().mapToLong(Long::longValue).sum(),
        restarted.status.offsetsToRestore(),
        restarted.durationMs,
        restarted.table.size());
    assertThat(handledAtKill).as("killed mid-stream").isLessThan(RECORDS);
    assertThat(total(changelogEnd)).as("changelog written before the kill").isPositive();
    assertThat(restarted.status.restored()).isTrue();
    assertThat(restarted.table).isEqualTo(rebuilt);
  }

  private record Restarted(TableStatus status, long durationMs, Map<String, String> table) {}

  /** An engine with a view of the changelog on the same directory, until its table is restored. */
  private Restarted restart(EmbeddedKafka kafka, String changelog) throws Exception {
    String idle = EmbeddedKafka.uniqueName("idle");
    kafka.createTopic(idle, 1);
    Table<String, String> table =
        Table.builder(changelog, Serdes.String(), Serdes.String())
            .store(RocksDbStores.at(stateDirectory))
            .buildView();
    CompletableFuture<Restarted> restored = new CompletableFuture<>();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onTableRestored(TableStatus status, long durationMs) {
            restored.complete(new Restarted(status, durationMs, Map.of()));
          }
        };
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(kafka.bootstrapServers())
            .groupId(EmbeddedKafka.uniqueName("group"))
            .table(table)
            .handler(idle, (msg, ctx) -> {})
            .options(EngineOptions.builder().listener(listener).shutdownHook(false).build())
            .build();
    Future<?> run = engineThread.submit(engine::start);
    Restarted result = restored.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    Map<String, String> contents = new HashMap<>();
    table.forEach(contents::put);
    engine.close();
    run.get(30, TimeUnit.SECONDS);
    return new Restarted(result.status, result.durationMs, contents);
  }

  /** The changelog read from its beginning with a plain consumer: latest value per key. */
  private static Map<String, String> rebuild(EmbeddedKafka kafka, String changelog, long records) {
    List<ConsumerRecord<byte[], byte[]>> read =
        kafka.read(changelog, Math.toIntExact(records), DEADLINE);
    assertThat(read).as("the whole changelog").hasSize(Math.toIntExact(records));
    Map<String, String> table = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : read) {
      String key = new String(record.key(), UTF_8);
      if (record.value() == null) {
        table.remove(key);
      } else {
        table.put(key, new String(record.value(), UTF_8));
      }
    }
    return table;
  }

  /** The offsets the killed engine's store had recorded. */
  private Map<Integer, Long> storedOffsets(String changelog) {
    if (!Files.exists(stateDirectory.resolve(changelog))) {
      return Map.of();
    }
    try (TableStore store = RocksDbStores.at(stateDirectory).open(changelog)) {
      return store.offsets();
    }
  }

  private static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
