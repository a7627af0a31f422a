package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.examples.TypedHandlersExample.Order;
import dev.paperboy.test.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Checks what the README says about the dead-letter producer and topic. */
class DeadLetterExampleTest {
  private static final Map<String, Object> CONSUMER_CONFIG =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "broker-1:9093"),
          Map.entry("group.id", "orders-service"),
          Map.entry("client.id", "orders-service"),
          Map.entry("client.dns.lookup", "use_all_dns_ips"),
          Map.entry("security.protocol", "SASL_SSL"),
          Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
          Map.entry("sasl.jaas.config", "ScramLoginModule required;"),
          Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"),
          Map.entry("auto.offset.reset", "earliest"),
          Map.entry("max.poll.records", 500),
          Map.entry("request.timeout.ms", 20_000),
          Map.entry("schema.registry.url", "https://schema-registry:8081"));

  @Test
  void producerConnectsLikeTheConsumerWithAcksAllAndThePolicysSettings() {
    Map<String, Object> producerConfig = producerConfig(DeadLetterExample.policy());

    assertThat(producerConfig)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "bootstrap.servers", "broker-1:9093",
                "client.dns.lookup", "use_all_dns_ips",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "client.id", "orders-service-dlt",
                "acks", "all",
                "max.block.ms", 10_000));
  }

  @Test
  void policySettingsOverrideWhatTheEngineSets() {
    DeadLetterPolicy policy =
        DeadLetterPolicy.builder().producerConfig(Map.of("acks", "1", "client.id", "dlt")).build();

    Map<String, Object> producerConfig = producerConfig(policy);

    assertThat(producerConfig).containsEntry("acks", "1").containsEntry("client.id", "dlt");
  }

  @Test
  void failedOrderIsWrittenBackAsJson() {
    try (EngineHarness<String, Order> harness =
        EngineHarness.<String, Order>builder()
            .handler(failing())
            .options(EngineOptions.builder().deadLetter(DeadLetterExample.policy()).build())
            .start()) {
      harness.send("orders", 0, "o-1", new Order("o-1", "ada", 12));

      harness.drain().stop();

      assertThat(harness.deadLetters())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(new String(r.value(), StandardCharsets.UTF_8))
                      .isEqualTo("{\"id\":\"o-1\",\"user\":\"ada\",\"total\":12}"));
      assertThat(harness.committed()).containsEntry(new TopicPartition("orders", 0), 1L);
    }
  }

  @Test
  void orderWithoutAValueSerializerCannotBeDeadLettered() {
    try (EngineHarness<String, Order> harness =
        EngineHarness.<String, Order>builder()
            .handler(failing())
            .options(EngineOptions.builder().deadLetter(DeadLetterPolicy.defaults()).build())
            .start()) {
      harness.send("orders", 0, "o-1", new Order("o-1", "ada", 12));

      assertThat(harness.awaitTermination())
          .get()
          .isInstanceOf(PaperboyException.class)
          .satisfies(e -> assertThat(e).hasMessageContaining("cannot dead-letter"));
      assertThat(harness.deadLetters()).isEmpty();
    }
  }

  @Test
  void createsTheDeadLetterTopic() throws Exception {
    try (MockAdminClient admin = new MockAdminClient.Builder().numBrokers(3).build()) {
      DeadLetterExample.createTopic(admin);

      TopicDescription topic =
          admin.describeTopics(List.of("orders.DLT")).allTopicNames().get().get("orders.DLT");
      assertThat(topic.partitions())
          .hasSize(3)
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
    }
  }

  /** Starts an engine only as far as creating its dead-letter producer, and returns its config. */
  private static Map<String, Object> producerConfig(DeadLetterPolicy policy) {
    Map<String, Object> producerConfig = new HashMap<>();
    AtomicReference<PaperboyEngine<String, String>> engine = new AtomicReference<>();
    engine.set(
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .config(CONSUMER_CONFIG)
            .handler("orders", (msg, ctx) -> {})
            .options(EngineOptions.builder().deadLetter(policy).shutdownHook(false).build())
            .consumerFactory(config -> new MockConsumer<>("earliest"))
            .deadLetterProducerFactory(
                config -> {
                  producerConfig.putAll(config);
                  engine.get().stop(); // start() returns without consuming anything
                  return new MockProducer<>(
                      true, null, new ByteArraySerializer(), new ByteArraySerializer());
                })
            .build());

    engine.get().start();

    return producerConfig;
  }

  private static PaperboyHandler<String, Order> failing() {
    return PaperboyHandler.of(
        "orders",
        (msg, ctx) -> {
          throw new IllegalStateException("no stock for " + msg.key());
        });
  }
}
