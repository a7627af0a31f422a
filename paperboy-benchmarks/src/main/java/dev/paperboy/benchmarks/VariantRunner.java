package dev.paperboy.benchmarks;

import dev.paperboy.EngineOptions;
import dev.paperboy.Ordering;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one variant in this JVM: a fresh consumer group reads the whole topic from the beginning,
 * and the clock runs from just before the consumer (or engine, or peer's container) is created
 * until the handler counted the last record. Closing and the final commit happen after the clock
 * stopped.
 */
final class VariantRunner {
  private static final Logger log = LoggerFactory.getLogger(VariantRunner.class);
  private static final long WATCH_INTERVAL_MS = 50;
  private static final String KAFKA_PROPERTY_PREFIX = "bench.kafka.";

  /**
   * Records at the end of the measured pass that alone are timed (0, the default: the whole pass).
   * A run JVM's system property, so set through {@code bench.jvmArgs}.
   */
  static final String MEASURE_LAST_PROPERTY = "bench.measureLast";

  private VariantRunner() {}

  /** Measures {@code variant} reading all records of the workload's topic with {@code group}. */
  static Measurement measure(Variant variant, Workload workload, String group, Duration timeout)
      throws InterruptedException {
    Map<String, Object> config = consumerConfig(workload.bootstrapServers(), group, variant);
    Tally tally = workload.newTally();
    long measureLast = Long.getLong(MEASURE_LAST_PROPERTY, 0);
    RunSampler sampler =
        RunSampler.start(
            tally::isComplete,
            () -> tally.count() / (double) workload.records(),
            Integer.getInteger(HeapBacklog.LIVE_SAMPLES_PROPERTY, 0),
            measureLast > 0 && measureLast < workload.records()
                ? (workload.records() - measureLast) / (double) workload.records()
                : Double.NaN);
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    try {
      run(variant, config, workload, tally, deadline);
    } finally {
      sampler.stop();
    }
    if (ConsumerStats.enabled()) {
      log.info(
          "First record after {} ms, last after {} ms; until the last record: {}",
          TimeUnit.NANOSECONDS.toMillis(tally.firstAtNanos() - start),
          TimeUnit.NANOSECONDS.toMillis(tally.completedAtNanos() - start),
          sampler.threadCpuReport());
    }
    return new Measurement(
        tally.totals(),
        tally.completedAtNanos() - start,
        sampler.cpuNanos(),
        sampler.peakUsed(),
        sampler.peakAfterGc(),
        sampler.othersCpuShare(),
        sampler.peakOldAfterGc(),
        sampler.peakLive(),
        sampler.collections(),
        tally.firstAtNanos() - start,
        sampler.brokerCpuNanos(),
        sampler.medianLive(),
        sampler.leastLive(),
        sampler.tailFromNanos() < 0 ? -1 : sampler.tailFromNanos() - start,
        sampler.tailFromNanos() < 0
            ? -1
            : Math.round(sampler.tailFromShare() * workload.records()));
  }

  private static void run(
      Variant variant,
      Map<String, Object> config,
      Workload workload,
      Tally tally,
      long deadlineNanos)
      throws InterruptedException {
    String topic = workload.topic();
    switch (variant) {
      case RAW -> RawLoop.run(config, topic, tally, deadlineNanos);
      case SINGLE, BULK, ADAPTIVE, KEY, KEY_VT ->
          runEngine(options(variant, workload), config, topic, tally, deadlineNanos);
      case SPRING_RECORD, SPRING_BATCH ->
          SpringListenerRun.run(
              config,
              topic,
              workload.partitions(),
              variant == Variant.SPRING_BATCH,
              tally,
              deadlineNanos);
      case PC_KEY ->
          ParallelConsumerRun.run(config, topic, workload.inFlight(), tally, deadlineNanos);
    }
  }

  /**
   * Waits until {@code tally} is complete, looking every 50 ms whether the consumer still runs and
   * the deadline has not passed; throws otherwise, naming {@code consumer}, what it counted and why
   * it stopped ({@code cause}, may give null).
   */
  static void awaitCompletion(
      String consumer,
      Tally tally,
      long deadlineNanos,
      BooleanSupplier running,
      Supplier<? extends Throwable> cause) {
    while (!tally.awaitComplete(WATCH_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
      if (!running.getAsBoolean()) {
        throw new IllegalStateException(consumer + " stopped after " + tally, cause.get());
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new IllegalStateException(consumer + " timed out after " + tally, cause.get());
      }
    }
  }

  /**
   * The engine options of a Paperboy variant: {@code single} and {@code bulk} in a fixed mode,
   * {@code adaptive} with the engine's defaults (switching by lag), {@code key} and {@code key-vt}
   * in single mode ordered by key with the workload's records in flight (record by record, where
   * key order lets records of one partition run side by side, as the Parallel Consumer does);
   * outside bulk mode the raw loop's commit interval; and any {@code bench.engine.*} experiment
   * ({@link EngineTuning}).
   */
  static EngineOptions options(Variant variant, Workload workload) {
    EngineOptions.Builder options = EngineOptions.builder().shutdownHook(false);
    switch (variant) {
      case SINGLE -> single(options);
      case BULK -> options.bulkModeThreshold(null).withBulkMode(true);
      case ADAPTIVE -> options.commitIntervalMs(RawLoop.COMMIT_INTERVAL_MS);
      case KEY -> single(options).ordering(Ordering.KEY).handlerThreads(workload.inFlight());
      case KEY_VT ->
          single(options)
              .ordering(Ordering.KEY)
              .virtualThreads(true)
              .handlerThreads(workload.vtInFlight());
      default -> throw new IllegalArgumentException(variant.id() + " is not a Paperboy variant");
    }
    return EngineTuning.apply(options).build();
  }

  private static EngineOptions.Builder single(EngineOptions.Builder options) {
    return options
        .bulkModeThreshold(null)
        .withBulkMode(false)
        .commitIntervalMs(RawLoop.COMMIT_INTERVAL_MS);
  }

  /**
   * The same consumer configuration for every variant: byte[] keys and values, from the start, plus
   * any {@code bench.kafka.<consumer config>} system property of the run's JVM (for experiments).
   */
  static Map<String, Object> consumerConfig(
      String bootstrapServers, String group, Variant variant) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-" + variant.id());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith(KAFKA_PROPERTY_PREFIX)) {
                config.put(
                    name.substring(KAFKA_PROPERTY_PREFIX.length()), System.getProperty(name));
              }
            });
    return config;
  }

  private static void runEngine(
      EngineOptions options,
      Map<String, Object> config,
      String topic,
      Tally tally,
      long deadlineNanos)
      throws InterruptedException {
    TallyEngine engine = new TallyEngine(options, config, new TallyHandler(topic, tally));
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread poll =
        new Thread(
            () -> {
              try {
                engine.start();
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "paperboy-poll");
    poll.start();
    try {
      awaitCompletion(
          "the engine (" + options + ")", tally, deadlineNanos, poll::isAlive, failure::get);
    } finally {
      engine.close();
      poll.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
