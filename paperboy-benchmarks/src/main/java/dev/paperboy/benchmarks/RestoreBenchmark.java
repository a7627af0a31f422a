package dev.paperboy.benchmarks;

import dev.paperboy.benchmarks.RestoreMain.Pass;
import dev.paperboy.test.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how fast a table restores against a raw consumer reading the same topic: loads a
 * compacted topic ({@code bench.records} records over {@code bench.keys} keys), then runs the raw
 * read, the raw read with a table's fetch settings, the same into a map (the floor of an in-memory
 * table), a memory table's restore and a RocksDB table's restore in rounds, in rotating order, each
 * run in a JVM of its own ({@link RestoreMain}), and prints a Markdown table of records/s and the
 * ratio to the raw read; then, without Kafka, what a map and each store cost per record ({@link
 * StoreCost}). The {@code bench.*} properties of {@link BenchmarkConfig} apply, except {@code
 * bench.variants} and {@code bench.workMicros}.
 */
public final class RestoreBenchmark {
  private static final Logger log = LoggerFactory.getLogger(RestoreBenchmark.class);
  private static final long SEED = 0x9A9E_2B01L;
  private static final int CHUNK = 50_000;

  /** What a run reads the topic with. */
  enum Reader {
    RAW("raw"),
    RAW_BULK("raw-bulk"),
    RAW_MAP("raw-map"),
    MEMORY("memory"),
    ROCKSDB("rocksdb");

    final String id;

    Reader(String id) {
      this.id = id;
    }
  }

  private RestoreBenchmark() {}

  /** Runs the restore benchmark configured by system properties and prints the table. */
  public static void main(String[] args) throws IOException, InterruptedException {
    BenchmarkConfig config = BenchmarkConfig.fromSystemProperties();
    if (config.keys() <= 0) {
      throw new IllegalArgumentException("bench.keys must be > 0 for a table: " + config.keys());
    }
    String loadBefore = loadAverage();
    List<Map<Reader, Pass>> rounds = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String topic = EmbeddedKafka.uniqueName("bench-table");
      String idle = EmbeddedKafka.uniqueName("bench-idle");
      kafka.createTopic(idle, 1);
      load(kafka, topic, config);
      for (int pass = 1; pass <= config.brokerWarmupPasses(); pass++) {
        Pass warm = RestoreMain.raw(kafka.bootstrapServers(), topic, config.runTimeout());
        log.info(
            "Broker warm-up pass {}: {} ms", pass, TimeUnit.NANOSECONDS.toMillis(warm.nanos()));
      }
      for (int round = 1; round <= config.rounds(); round++) {
        Map<Reader, Pass> passes = new EnumMap<>(Reader.class);
        for (int i = 0; i < Reader.values().length; i++) {
          Reader reader = Reader.values()[(i + round - 1) % Reader.values().length];
          QuietGate.await(config.quietWait(), ProcessHandle.current().pid()); // broker in this JVM
          Pass pass = fork(reader, kafka.bootstrapServers(), topic, idle, config);
          log.info(
              "Round {} {}: {} records/s", round, reader.id, Math.round(pass.recordsPerSecond()));
          passes.put(reader, pass);
        }
        rounds.add(passes);
      }
    }
    String loadAfter = loadAverage();
    String storeCost = storeCost(config);
    System.out.println();
    System.out.println(table(rounds, config, loadBefore, loadAfter));
    System.out.println(storeCost);
    System.out.flush();
  }

  /**
   * What the stores cost without Kafka ({@link StoreCost}), each case in a JVM of its own after the
   * broker stopped: a {@code ConcurrentHashMap} put with the default collector and with none
   * (Epsilon, a heap large enough for every round), the memory store's and the RocksDB store's
   * apply, a sorted SST file's writing, and the allocations alone.
   */
  private static String storeCost(BenchmarkConfig config) throws IOException, InterruptedException {
    List<String> epsilon =
        List.of(
            "-XX:+UnlockExperimentalVMOptions",
            "-XX:+UseEpsilonGC",
            "-Xms4g",
            "-Xmx4g",
            "-XX:+AlwaysPreTouch");
    List<String> heap = List.of("-Xmx512m");
    double map = storeCost(config, "map", heap);
    double mapNoGc = storeCost(config, "map", epsilon);
    double memory = storeCost(config, "memory", heap);
    double rocksdb = storeCost(config, "rocksdb", heap);
    double sst = storeCost(config, "sst", heap);
    double alloc = storeCost(config, "alloc", heap);
    return String.format(
        Locale.ROOT,
        "Without Kafka (StoreCost, %,d records of a fresh key and %d-byte value under %,d keys,"
            + " the median of rounds 10-12), per record: a ConcurrentHashMap put %.0f ns, with no"
            + " GC (Epsilon) %.0f ns; the memory store's apply %.0f ns; the RocksDB store's apply"
            + " (restoring) %.0f ns; the allocations alone %.0f ns. Per distinct key, writing"
            + " them sorted to an SST file: %.0f ns%n",
        config.records(),
        config.valueBytes(),
        config.keys(),
        map,
        mapNoGc,
        memory,
        rocksdb,
        alloc,
        sst);
  }

  private static double storeCost(BenchmarkConfig config, String mode, List<String> jvmFlags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            StoreCost.class.getName(),
            mode,
            Integer.toString(config.keys()),
            Integer.toString(config.records()),
            Integer.toString(config.valueBytes()),
            Integer.toString(config.partitions()),
            Integer.toString(Math.max(1, RestoreMain.TABLE_POLL_RECORDS / config.partitions())),
            "12"));
    for (String line : run(command, "cost-" + mode, 900)) {
      if (line.startsWith("storecost ")) {
        return Double.parseDouble(line.substring("storecost ".length()));
      }
    }
    throw new IllegalStateException("StoreCost " + mode + " printed no result");
  }

  /** The compacted topic: record i has key {@code "k" + (i % keys)} and random (seeded) bytes. */
  private static void load(EmbeddedKafka kafka, String topic, BenchmarkConfig config) {
    log.info(
        "Loading {} records of {} bytes ({} keys) on {} partitions",
        config.records(),
        config.valueBytes(),
        config.keys(),
        config.partitions());
    kafka.createTopic(
        topic,
        config.partitions(),
        (short) 1,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    Random random = new Random(SEED);
    List<ProducerRecord<byte[], byte[]>> chunk = new ArrayList<>(CHUNK);
    for (int i = 0; i < config.records(); i++) {
      byte[] value = new byte[config.valueBytes()];
      random.nextBytes(value);
      byte[] key = ("k" + (i % config.keys())).getBytes(StandardCharsets.UTF_8);
      chunk.add(new ProducerRecord<>(topic, key, value));
      if (chunk.size() == CHUNK || i == config.records() - 1) {
        kafka.send(chunk);
        chunk = new ArrayList<>(CHUNK);
      }
    }
  }

  private static Pass fork(
      Reader reader, String bootstrap, String topic, String idle, BenchmarkConfig config)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(config.jvmArgs());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            RestoreMain.class.getName(),
            reader.id,
            bootstrap,
            topic,
            idle,
            Integer.toString(config.records()),
            Integer.toString(config.keys()),
            Long.toString(config.runTimeout().toSeconds()),
            Integer.toString(config.warmupPasses())));
    long waitSeconds = config.runTimeout().toSeconds() * (1 + config.warmupPasses()) + 60;
    List<String> lines = run(command, reader.id, waitSeconds);
    for (String line : lines) {
      if (line.startsWith("restore ")) {
        String[] parts = line.split(" ");
        return new Pass(
            Long.parseLong(parts[1]),
            Long.parseLong(parts[2]),
            Long.parseLong(parts[3]),
            Long.parseLong(parts[4]));
      }
    }
    throw new IllegalStateException(reader.id + " run printed no result: " + lines);
  }

  /** Runs {@code command} in a child process and returns what it printed on standard output. */
  private static List<String> run(List<String> command, String what, long waitSeconds)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("paperboy-bench-restore-" + what + "-", ".out");
    try {
      Process child =
          new ProcessBuilder(command)
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!child.waitFor(waitSeconds, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(what + " run did not end within " + waitSeconds + " s");
      }
      if (child.exitValue() != 0) {
        throw new IllegalStateException(what + " run failed (" + child.exitValue() + ")");
      }
      return Files.readAllLines(output, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static String table(
      List<Map<Reader, Pass>> rounds, BenchmarkConfig config, String loadBefore, String loadAfter) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Table restore: %,d records of %d bytes, %,d keys, %d partitions; %d rounds, %d warm-up"
                + " passes per run; %s; load average before %s, after %s%n%n",
            config.records(),
            config.valueBytes(),
            config.keys(),
            config.partitions(),
            config.rounds(),
            config.warmupPasses(),
            Machine.describe(),
            loadBefore,
            loadAfter));
    out.append("| Round | raw records/s | raw bulk / raw | raw bulk + map / raw |")
        .append(" memory records/s | memory / raw | RocksDB records/s | RocksDB / raw |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    List<Double> raw = new ArrayList<>();
    List<Double> bulkRatio = new ArrayList<>();
    List<Double> mapRatio = new ArrayList<>();
    List<Double> memory = new ArrayList<>();
    List<Double> rocks = new ArrayList<>();
    List<Double> memoryRatio = new ArrayList<>();
    List<Double> rocksRatio = new ArrayList<>();
    for (int i = 0; i < rounds.size(); i++) {
      double r = rounds.get(i).get(Reader.RAW).recordsPerSecond();
      double b = rounds.get(i).get(Reader.RAW_BULK).recordsPerSecond();
      double p = rounds.get(i).get(Reader.RAW_MAP).recordsPerSecond();
      double m = rounds.get(i).get(Reader.MEMORY).recordsPerSecond();
      double d = rounds.get(i).get(Reader.ROCKSDB).recordsPerSecond();
      raw.add(r);
      bulkRatio.add(b / r);
      mapRatio.add(p / r);
      memory.add(m);
      rocks.add(d);
      memoryRatio.add(m / r);
      rocksRatio.add(d / r);
      out.append(row(Integer.toString(i + 1), r, b / r, p / r, m, m / r, d, d / r));
    }
    out.append(
        row(
            "**median**",
            ResultTable.median(raw),
            ResultTable.median(bulkRatio),
            ResultTable.median(mapRatio),
            ResultTable.median(memory),
            ResultTable.median(memoryRatio),
            ResultTable.median(rocks),
            ResultTable.median(rocksRatio)));
    out.append(
        String.format(
            Locale.ROOT,
            "%nCPU time per record of the reading thread (and of a table's apply thread), the"
                + " median over the rounds: raw %.0f ns; raw bulk %.0f ns; raw bulk + map %.0f ns;"
                + " memory %.0f + %.0f ns; RocksDB %.0f + %.0f ns%n",
            cpuMedian(rounds, Reader.RAW, Pass::readerCpuNanosPerRecord),
            cpuMedian(rounds, Reader.RAW_BULK, Pass::readerCpuNanosPerRecord),
            cpuMedian(rounds, Reader.RAW_MAP, Pass::readerCpuNanosPerRecord),
            cpuMedian(rounds, Reader.MEMORY, Pass::readerCpuNanosPerRecord),
            cpuMedian(rounds, Reader.MEMORY, Pass::applyCpuNanosPerRecord),
            cpuMedian(rounds, Reader.ROCKSDB, Pass::readerCpuNanosPerRecord),
            cpuMedian(rounds, Reader.ROCKSDB, Pass::applyCpuNanosPerRecord)));
    return out.toString();
  }

  private static double cpuMedian(
      List<Map<Reader, Pass>> rounds, Reader reader, ToDoubleFunction<Pass> perRecord) {
    List<Double> values = new ArrayList<>();
    rounds.forEach(round -> values.add(perRecord.applyAsDouble(round.get(reader))));
    return ResultTable.median(values);
  }

  private static String row(
      String round,
      double raw,
      double bulkRatio,
      double mapRatio,
      double memory,
      double memoryRatio,
      double rocks,
      double rocksRatio) {
    return String.format(
        Locale.ROOT,
        "| %s | %,.0f | %.2f | %.2f | %,.0f | %.2f | %,.0f | %.2f |%n",
        round,
        raw,
        bulkRatio,
        mapRatio,
        memory,
        memoryRatio,
        rocks,
        rocksRatio);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
