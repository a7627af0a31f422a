package dev.paperboy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The meters of engines consuming from a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class PaperboyMetricsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService engineThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopTheEngineThread() throws InterruptedException {
    engineThread.shutdownNow();
    engineThread.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void countsHandledAndFailedRecordsTimesThemAndSeesTheLagDrain(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("group");
    kafka.createTopic(topic, 2);
    kafka.produceNumbered(topic, 2, 0, 1_000);
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(kafka.bootstrapServers())
            .groupId(group)
            .config(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .handler(topic, (msg, ctx) -> failOnEveryHundredth(msg.value()))
            .options(
                EngineOptions.builder()
                    .failOnException(false)
                    .commitIntervalMs(100)
                    .shutdownHook(false)
                    .build())
            .build();
    PaperboyMetrics metrics = PaperboyMetrics.monitor(engine, registry);

    Future<?> run = engineThread.submit(engine::start);
    Await.until(
        DEADLINE,
        () -> count("paperboy.records.handled", group) == 990,
        () -> "990 records handled; counted " + count("paperboy.records.handled", group));
    Await.until(DEADLINE, () -> gauge("paperboy.lag", group) == 0, "the lag gauge at 0");
    Await.until(DEADLINE, () -> count("paperboy.commits", group) > 0, "a commit counted");
    double etaAtZeroLag = gauge("paperboy.lag.eta.seconds", group);
    double stateWhileRunning = gauge("paperboy.state", group);
    boolean clientMetricsBound = !clientMeters(group).isEmpty();
    long engineHandled = engine.status().handled();
    engine.close();
    run.get(30, TimeUnit.SECONDS);

    assertThat(count("paperboy.records.handled", group)).isEqualTo(990);
    assertThat(count("paperboy.records.failed", group)).isEqualTo(10);
    assertThat(count("paperboy.records.retried", group)).isZero();
    assertThat(engineHandled).as("the engine counts the skipped records as done").isEqualTo(1_000);
    assertThat(timer(group, "record", "success").count()).isEqualTo(990);
    assertThat(timer(group, "record", "error").count()).isEqualTo(10);
    assertThat(etaAtZeroLag).isZero();
    assertThat(stateWhileRunning).isEqualTo(EngineState.RUNNING.ordinal());
    assertThat(gauge("paperboy.state", group)).isEqualTo(EngineState.STOPPED.ordinal());
    assertThat(clientMetricsBound).as("kafka.consumer.* meters while running").isTrue();
    assertThat(clientMeters(group)).as("kafka.consumer.* meters after the stop").isEmpty();

    metrics.close();

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void timesBatchesInBulkModeWithPartitionLagOfASubclassedEngine(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("events");
    String group = EmbeddedKafka.uniqueName("group");
    kafka.createTopic(topic, 3);
    kafka.produceNumbered(topic, 3, 0, 600);
    PaperboyEngine<String, String> engine = new BulkEngine(kafka.bootstrapServers(), group, topic);
    PaperboyMetrics.builder()
        .engineName("events-engine")
        .partitionLag(true)
        .monitor(engine, registry);

    Future<?> run = engineThread.submit(engine::start);
    Await.until(
        DEADLINE,
        () -> count("paperboy.records.handled", "events-engine") == 600,
        () -> "600 records handled; counted " + count("paperboy.records.handled", "events-engine"));
    Await.until(
        DEADLINE,
        () ->
            partitionLags("events-engine").size() == 3
                && partitionLags("events-engine").stream().allMatch(g -> g.value() == 0),
        "three partition lag gauges at 0");
    double mode = gauge("paperboy.mode", "events-engine");
    engine.close();
    run.get(30, TimeUnit.SECONDS);

    assertThat(timer("events-engine", "batch", "success").count()).isPositive();
    assertThat(registry.find("paperboy.handling").tag("kind", "record").timers()).isEmpty();
    assertThat(mode).isEqualTo(1);
    assertThat(partitionLags("events-engine")).as("removed once the engine stopped").isEmpty();
  }

  private static void failOnEveryHundredth(String value) {
    int number = Integer.parseInt(value.substring("value-".length()));
    if (number % 100 == 0) {
      throw new IllegalArgumentException("cannot handle " + value);
    }
  }

  private double count(String name, String engine) {
    return registry.find(name).tag("engine", engine).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private double gauge(String name, String engine) {
    Gauge gauge = registry.find(name).tag("engine", engine).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  private Timer timer(String engine, String kind, String outcome) {
    return registry
        .get("paperboy.handling")
        .tags("engine", engine, "kind", kind, "outcome", outcome)
        .timer();
  }

  private List<Gauge> partitionLags(String engine) {
    return List.copyOf(registry.find("paperboy.partition.lag").tag("engine", engine).gauges());
  }

  private List<Meter> clientMeters(String engine) {
    return Search.in(registry).tag("engine", engine).meters().stream()
        .filter(m -> m.getId().getName().startsWith("kafka.consumer."))
        .toList();
  }

  /** A subclassed engine in bulk mode that stays there. */
  private static final class BulkEngine extends PaperboyEngine<String, String> {
    private final String bootstrap;
    private final String group;
    private final String topic;

    BulkEngine(String bootstrap, String group, String topic) {
      super(
          EngineOptions.builder()
              .withBulkMode(true)
              .bulkModeThreshold(null)
              .bulkModeTimeoutMs(200)
              .shutdownHook(false)
              .build());
      this.bootstrap = bootstrap;
      this.group = group;
      this.topic = topic;
    }

    @Override
    protected List<? extends PaperboyHandler<String, String>> handlers() {
      return List.of(PaperboyHandler.of(topic, (msg, ctx) -> {}));
    }

    @Override
    protected Map<String, Object> configureConsumer() {
      return Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
          bootstrap,
          ConsumerConfig.GROUP_ID_CONFIG,
          group,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
          "earliest",
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          StringDeserializer.class,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          StringDeserializer.class);
    }
  }
}
