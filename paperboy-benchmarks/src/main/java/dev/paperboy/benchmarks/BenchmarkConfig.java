package dev.paperboy.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a benchmark loads and measures. {@link #fromSystemProperties()} reads the {@code bench.*}
 * properties the Maven profile passes on (each falls back to the default named here).
 *
 * @param records records loaded into the topic, each read once by every run
 * @param valueBytes the size of each record's value
 * @param partitions partitions of the topic
 * @param keys 0 for records without a key; N for keys {@code "k" + (i % N)} (record i), placed by
 *     Kafka's default partitioner, so each key lives in one partition
 * @param workMicros the simulated I/O of each record's handling, in every variant ({@link IoWait})
 * @param rounds how often every variant runs; the order rotates from round to round
 * @param variants the variants each round runs
 * @param runTimeout how long one run may take before it counts as failed
 * @param brokerWarmupPasses how often the harness reads the whole topic itself before the first
 *     run, unmeasured, so that the broker runs compiled code from the first run on
 * @param warmupPasses how often each run's JVM first reads the whole topic unmeasured, each time
 *     with a group of its own, so that the measured pass runs compiled code (and the first run
 *     finds the broker warm)
 * @param quietWait how long to wait before each run for other processes to leave the machine mostly
 *     idle (zero: do not wait)
 * @param jvmArgs options of the JVM each run gets for itself
 * @param inFlight records in handling at once for the key-ordered variants, {@code key} and {@code
 *     pc-key} (equal concurrency)
 * @param vtInFlight records in handling at once for {@code key-vt} (virtual threads)
 * @param jdk21 a Java 21+ home (or its {@code java}) for {@code key-vt}; blank: see {@link
 *     Jdk#java21(String)}
 */
record BenchmarkConfig(
    int records,
    int valueBytes,
    int partitions,
    int keys,
    long workMicros,
    int rounds,
    List<Variant> variants,
    Duration runTimeout,
    int brokerWarmupPasses,
    int warmupPasses,
    Duration quietWait,
    List<String> jvmArgs,
    int inFlight,
    int vtInFlight,
    String jdk21) {
  static final int DEFAULT_RECORDS = 1_000_000;
  static final int DEFAULT_VALUE_BYTES = 100;
  static final int DEFAULT_PARTITIONS = 6;
  static final int DEFAULT_KEYS = 0;
  static final int DEFAULT_WORK_MICROS = 0;
  static final int DEFAULT_ROUNDS = 5;
  static final String DEFAULT_VARIANTS = "raw,single,bulk,adaptive";
  static final long DEFAULT_TIMEOUT_SECONDS = 300;
  static final int DEFAULT_BROKER_WARMUP_PASSES = 3;
  static final int DEFAULT_WARMUP_PASSES = 2;
  static final int DEFAULT_QUIET_WAIT_SECONDS = 20;
  static final String DEFAULT_JVM_ARGS = "-Xmx512m";
  static final int DEFAULT_IN_FLIGHT = 64;
  static final int DEFAULT_VT_IN_FLIGHT = 1_000;

  BenchmarkConfig {
    positive("bench.records", records);
    positive("bench.valueBytes", valueBytes);
    positive("bench.partitions", partitions);
    if (keys < 0) {
      throw new IllegalArgumentException("bench.keys must be >= 0: " + keys);
    }
    if (workMicros < 0) {
      throw new IllegalArgumentException("bench.workMicros must be >= 0: " + workMicros);
    }
    positive("bench.rounds", rounds);
    positive("bench.timeoutSeconds", runTimeout.toSeconds());
    if (brokerWarmupPasses < 0) {
      throw new IllegalArgumentException(
          "bench.brokerWarmupPasses must be >= 0: " + brokerWarmupPasses);
    }
    if (warmupPasses < 0) {
      throw new IllegalArgumentException("bench.warmupPasses must be >= 0: " + warmupPasses);
    }
    if (quietWait.isNegative()) {
      throw new IllegalArgumentException("bench.quietWaitSeconds must be >= 0: " + quietWait);
    }
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("bench.variants must name at least one variant");
    }
    positive("bench.inFlight", inFlight);
    positive("bench.vtInFlight", vtInFlight);
    variants = List.copyOf(variants);
    jvmArgs = List.copyOf(jvmArgs);
    jdk21 = jdk21 == null ? "" : jdk21.trim();
  }

  /** The workload of a topic loaded with this configuration. */
  Workload workload(String bootstrapServers, String topic) {
    return new Workload(
        bootstrapServers, topic, partitions, keys, records, ioWait(), inFlight, vtInFlight);
  }

  /** This configuration with other variants. */
  BenchmarkConfig withVariants(List<Variant> otherVariants) {
    return new BenchmarkConfig(
        records,
        valueBytes,
        partitions,
        keys,
        workMicros,
        rounds,
        otherVariants,
        runTimeout,
        brokerWarmupPasses,
        warmupPasses,
        quietWait,
        jvmArgs,
        inFlight,
        vtInFlight,
        jdk21);
  }

  /** This configuration with another record count, simulated I/O and JVM options. */
  BenchmarkConfig withLoad(int otherRecords, long otherWorkMicros, List<String> otherJvmArgs) {
    return new BenchmarkConfig(
        otherRecords,
        valueBytes,
        partitions,
        keys,
        otherWorkMicros,
        rounds,
        variants,
        runTimeout,
        brokerWarmupPasses,
        warmupPasses,
        quietWait,
        otherJvmArgs,
        inFlight,
        vtInFlight,
        jdk21);
  }

  /** The simulated I/O of each record's handling. */
  IoWait ioWait() {
    return new IoWait(workMicros);
  }

  /** The configuration from {@code bench.*} system properties, defaults where unset. */
  static BenchmarkConfig fromSystemProperties() {
    List<Variant> variants = new ArrayList<>();
    for (String id : property("bench.variants", DEFAULT_VARIANTS).split(",")) {
      variants.add(Variant.of(id));
    }
    return new BenchmarkConfig(
        intProperty("bench.records", DEFAULT_RECORDS),
        intProperty("bench.valueBytes", DEFAULT_VALUE_BYTES),
        intProperty("bench.partitions", DEFAULT_PARTITIONS),
        intProperty("bench.keys", DEFAULT_KEYS),
        intProperty("bench.workMicros", DEFAULT_WORK_MICROS),
        intProperty("bench.rounds", DEFAULT_ROUNDS),
        variants,
        Duration.ofSeconds(intProperty("bench.timeoutSeconds", (int) DEFAULT_TIMEOUT_SECONDS)),
        intProperty("bench.brokerWarmupPasses", DEFAULT_BROKER_WARMUP_PASSES),
        intProperty("bench.warmupPasses", DEFAULT_WARMUP_PASSES),
        Duration.ofSeconds(intProperty("bench.quietWaitSeconds", DEFAULT_QUIET_WAIT_SECONDS)),
        listProperty("bench.jvmArgs", DEFAULT_JVM_ARGS),
        intProperty("bench.inFlight", DEFAULT_IN_FLIGHT),
        intProperty("bench.vtInFlight", DEFAULT_VT_IN_FLIGHT),
        property("bench.jdk21", ""));
  }

  /** A property's words (split at white space), the fallback's if unset. */
  static List<String> listProperty(String name, String fallback) {
    String value = property(name, fallback).trim();
    return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
  }

  static String property(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static int intProperty(String name, int fallback) {
    String value = property(name, Integer.toString(fallback)).replace("_", "").trim();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number: " + value, e);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0: " + value);
    }
  }
}
