package dev.paperboy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.test.Await;
import dev.paperboy.test.EngineHarness;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class PaperboyMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void namedEngineHasItsGaugesBeforeItStarts() {
    PaperboyEngine<String, String> engine = unstartedEngine();

    PaperboyMetrics.builder().engineName("orders-engine").monitor(engine, registry);

    assertThat(gauge("paperboy.state")).isZero();
    assertThat(gauge("paperboy.mode")).isZero();
    assertThat(gauge("paperboy.lag")).isNaN();
    assertThat(gauge("paperboy.lag.eta.seconds")).isNaN();
  }

  @Test
  void unnamedEngineRegistersItsMetersWhenItStarts() {
    PaperboyEngine<String, String> engine = unstartedEngine();

    PaperboyMetrics.monitor(engine, registry);

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void closeRemovesTheMeters() {
    PaperboyMetrics metrics =
        PaperboyMetrics.builder().engineName("orders-engine").monitor(unstartedEngine(), registry);

    metrics.close();

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void readmeExamplesLeaveNothingBehindBeforeTheEngineStarts() {
    PaperboyEngine<String, String> engine = unstartedEngine();

    MonitoringExample.withDefaults(engine, registry);
    MonitoringExample.withOptions(unstartedEngine(), registry);

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void readmeFilterDropsTheConsumersPartitionMetersOnly() {
    MonitoringExample.withoutPartitionMeters(registry);

    registry.gauge("kafka.consumer.fetch.manager.records.lag", Tags.of("partition", "0"), 1);
    registry.gauge("kafka.consumer.fetch.manager.records.lag.max", Tags.empty(), 1);

    assertThat(registry.getMeters())
        .extracting(m -> m.getId().getName())
        .containsExactly("kafka.consumer.fetch.manager.records.lag.max");
  }

  @Test
  void startedEngineIsRefused() {
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(PaperboyHandler.of("orders", (msg, ctx) -> {}))
            .options(EngineOptions.defaults())
            .start()) {
      assertThatThrownBy(() -> PaperboyMetrics.monitor(harness.engine(), registry))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before start()");
    }
  }

  @Test
  void blankEngineNameIsRefused() {
    assertThatThrownBy(() -> PaperboyMetrics.builder().engineName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("engineName must not be blank:  ");
  }

  @Test
  void clientMetricsStandInAnswersMetricsOnly() {
    Consumer<?, ?> standIn = ClientMetricsBinding.metricsOf(unstartedEngine());

    assertThat(standIn.metrics()).isEmpty();
    assertThatThrownBy(() -> standIn.poll(Duration.ZERO))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anEngineThatReportsAProblemBeforeItJoinsShowsItsConsumersMetrics() throws Exception {
    MockConsumer<String, String> consumer =
        new MockConsumer<>("earliest") {
          @Override
          public synchronized Map<MetricName, ? extends Metric> metrics() {
            MetricName name =
                new MetricName(
                    "connection-count", "consumer-metrics", "", Map.of("client-id", "c"));
            return Map.of(name, new GaugeMetric(name));
          }
        }; // it knows no topic, so the engine reports "orders" missing and never joins
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers("localhost:9092")
            .groupId("orders")
            .handler("orders", (msg, ctx) -> {})
            .consumerFactory(config -> consumer)
            .options(EngineOptions.builder().shutdownHook(false).build())
            .build();
    PaperboyMetrics.monitor(engine, registry);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> run = thread.submit(engine::start);
      Await.until(
          Duration.ofSeconds(30), () -> engine.problem().isPresent(), "the missing topic reported");
      Await.until(
          Duration.ofSeconds(30),
          () ->
              registry.getMeters().stream()
                  .anyMatch(m -> m.getId().getName().startsWith("kafka.consumer.")),
          "kafka.consumer.* meters bound");

      assertThat(engine.state()).isEqualTo(EngineState.STARTING);
      engine.close();
      run.get(30, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
  }

  /** A consumer metric with a fixed value. */
  private record GaugeMetric(MetricName metricName) implements Metric {
    @Override
    public Object metricValue() {
      return 1.0;
    }
  }

  private double gauge(String name) {
    return registry.get(name).tag("engine", "orders-engine").gauge().value();
  }

  private static PaperboyEngine<String, String> unstartedEngine() {
    return PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
        .bootstrapServers("localhost:9092")
        .groupId("orders")
        .handler("orders", (msg, ctx) -> {})
        .build();
  }
}
