package dev.paperboy.benchmarks;

import dev.paperboy.test.EmbeddedKafka;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures Paperboy's throughput against a plain {@code KafkaConsumer} loop and peer libraries, in
 * one run: starts a broker ({@code bench.broker}: in this JVM, or in a JVM of its own), loads one
 * topic, then runs every variant in rounds, in rotating order, each run with a fresh consumer group
 * reading the whole topic from the beginning in a JVM of its own. Prints a Markdown table.
 * Configured by {@code bench.*} system properties (see the module's README); fails if any run did
 * not count exactly the loaded records with the loaded checksum.
 */
public final class Benchmark {
  private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

  private Benchmark() {}

  /**
   * Runs the benchmark configured by system properties and prints the result table; {@code
   * bench.mode} picks another benchmark of the module ({@link Mode}).
   */
  public static void main(String[] args) throws Exception {
    Mode mode = Mode.of(BenchmarkConfig.property("bench.mode", Mode.COMPARE.id()));
    if (mode != Mode.COMPARE) {
      mode.run();
      return;
    }
    BenchmarkConfig config = BenchmarkConfig.fromSystemProperties();
    Optional<Jdk> java21 = Jdk.java21(config.jdk21());
    BenchmarkConfig runnable = runnable(config, java21);
    List<RunResult> results;
    String brokerDescription;
    try (Broker broker = BrokerSetup.fromSystemProperties().start()) {
      brokerDescription = broker.describe();
      results = run(runnable, System.getProperty("java.class.path"), broker);
    }
    System.out.println();
    System.out.println(
        ResultTable.markdown(results, runnable, Machine.describe(), brokerDescription));
    System.out.println(jvmNote(config, runnable, java21));
    System.out.flush();
  }

  /**
   * {@code config} without the variants this machine has no JVM for (Java 21+ for virtual threads),
   * each skipped with a warning that says how to run it.
   */
  static BenchmarkConfig runnable(BenchmarkConfig config, Optional<Jdk> java21) {
    List<Variant> variants = new ArrayList<>();
    for (Variant variant : config.variants()) {
      if (variant.needsJava21() && java21.isEmpty()) {
        log.warn(
            "Skipping {}: it needs Java 21 or newer (virtual threads); this JVM is Java {},"
                + " bench.jdk21 is unset and {} is not installed. Set -Dbench.jdk21=<a JDK 21+"
                + " home> to run it.",
            variant.id(),
            Runtime.version().feature(),
            Jdk.TEMURIN_25);
      } else {
        variants.add(variant);
      }
    }
    if (variants.isEmpty()) {
      throw new IllegalArgumentException(
          "no variant of " + config.variants() + " can run on this machine");
    }
    return config.withVariants(variants);
  }

  /** Which JVM ran which variants, and which were skipped. */
  static String jvmNote(BenchmarkConfig asked, BenchmarkConfig ran, Optional<Jdk> java21) {
    StringBuilder note = new StringBuilder("JVMs of the runs: " + Jdk.current());
    for (Variant variant : ran.variants()) {
      if (variant.needsJava21()) {
        note.append("; ").append(variant.id()).append(" on ").append(java21.orElseThrow());
      }
    }
    for (Variant variant : asked.variants()) {
      if (!ran.variants().contains(variant)) {
        note.append("; ").append(variant.id()).append(" skipped (no Java 21+, see bench.jdk21)");
      }
    }
    return note.toString();
  }

  /**
   * Reads the topic with a plain consumer in this JVM, unmeasured, so that the broker (in this JVM
   * or its own) has compiled its fetch path before the first measured run: otherwise the broker
   * keeps getting faster through the first rounds and the runs of round 1 pay for it.
   */
  static void warmUpBroker(Broker broker, String topic, BenchmarkConfig config) {
    for (int pass = 1; pass <= config.brokerWarmupPasses(); pass++) {
      long start = System.nanoTime();
      String group = EmbeddedKafka.uniqueName("bench-broker-warmup");
      RawLoop.run(
          VariantRunner.consumerConfig(broker.bootstrapServers(), group, Variant.RAW),
          topic,
          new Tally(config.records()),
          start + config.runTimeout().toNanos());
      log.info(
          "Broker warm-up pass {}: {} ms",
          pass,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
  }

  /** Logs the result; throws unless the run counted exactly the loaded records. */
  static RunResult checked(RunResult result, Totals expected) {
    Measurement measurement = result.measurement();
    log.info(
        "Round {} {}: {} records/s ({} ms; other processes took {}% of the machine)",
        result.round(),
        result.variant().id(),
        Math.round(measurement.recordsPerSecond()),
        TimeUnit.NANOSECONDS.toMillis(measurement.elapsedNanos()),
        Math.round(measurement.othersCpuShare() * 100));
    if (!measurement.totals().equals(expected)) {
      throw new IllegalStateException(
          "round "
              + result.round()
              + " "
              + result.variant().id()
              + " counted "
              + measurement.totals()
              + ", but the topic holds "
              + expected);
    }
    return result;
  }

  /**
   * Loads a topic on {@code broker}, runs every round and returns the results in the order they
   * ran. {@code classPath} is the class path of the JVMs the runs get (it must hold this module and
   * its dependencies).
   */
  static List<RunResult> run(BenchmarkConfig config, String classPath, Broker broker)
      throws IOException, InterruptedException {
    ForkedRun forked =
        new ForkedRun(
            config.jvmArgs(),
            classPath,
            config.runTimeout(),
            config.warmupPasses(),
            Jdk.java21(config.jdk21()),
            broker.pid());
    long began = System.nanoTime();
    String topic = EmbeddedKafka.uniqueName("bench");
    log.info(
        "Loading {} records of {} bytes ({} keys) on {} partitions",
        config.records(),
        config.valueBytes(),
        config.keys() == 0 ? "no" : config.keys(),
        config.partitions());
    long loadStart = System.nanoTime();
    Totals expected = TopicLoader.load(broker, topic, config);
    log.info("Loaded in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart));
    warmUpBroker(broker, topic, config);
    Workload workload = config.workload(broker.bootstrapServers(), topic);
    List<RunResult> results = new ArrayList<>();
    for (int round = 1; round <= config.rounds(); round++) {
      for (Variant variant : Variant.order(config.variants(), round)) {
        QuietGate.await(config.quietWait(), broker.pid());
        String group = EmbeddedKafka.uniqueName("bench-" + variant.id());
        Measurement measurement = forked.run(variant, workload, group);
        results.add(checked(new RunResult(round, variant, measurement), expected));
      }
    }
    log.info("Benchmark done in {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
    return results;
  }
}
