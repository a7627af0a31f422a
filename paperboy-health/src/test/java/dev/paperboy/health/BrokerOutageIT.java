package dev.paperboy.health;

import static dev.paperboy.health.HealthServerIT.data;
import static dev.paperboy.health.HealthServerIT.probeFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every broker of a running engine's cluster stops: the engine is not ready, and says why, but it
 * stays live, since restarting the process does not bring a broker back.
 */
class BrokerOutageIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration STALL = Duration.ofSeconds(3);
  // The engine checks an unreachable cluster every 5 s, each check bounded to 2 s.
  private static final Duration REPORT_DEADLINE = Duration.ofSeconds(30);

  @Test
  void aStoppedClusterMakesTheEngineNotReadyWithTheProblemButKeepsItLive() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokers(3).start()) {
      String topic = EmbeddedKafka.uniqueName("outage");
      kafka.createTopic(topic, 3, (short) 3, Map.of());
      GatedHandler handler = new GatedHandler(topic);
      try (BackgroundEngine engine =
              BackgroundEngine.of(
                  kafka.bootstrapServers(),
                  EmbeddedKafka.uniqueName("group"),
                  handler,
                  EngineOptions.builder().shutdownTimeout(Duration.ofSeconds(3)));
          HealthServer server =
              HealthServer.builder()
                  .host("127.0.0.1")
                  .port(0)
                  .engine(engine.engine)
                  .stallTimeout(STALL)
                  .start()) {
        Probe probe = new Probe(server.port());
        engine.start();
        kafka.produceNumbered(topic, 3, 0, 30);
        Await.until(DEADLINE, () -> handler.handled() == 30, "30 records handled");
        Await.until(DEADLINE, () -> probe.status("/health/ready") == 200, "ready");

        for (int broker : kafka.brokerIds()) {
          kafka.stopBroker(broker);
        }
        List<Integer> live = probeFor(probe, "/health/live", STALL.multipliedBy(2));
        Await.until(
            REPORT_DEADLINE,
            () -> {
              HttpResponse<String> answer = probe.get("/health/ready");
              return answer.statusCode() == 503 && answer.body().contains("\"problem\"");
            },
            "/health/ready reports the outage");
        HttpResponse<String> ready = probe.get("/health/ready");

        assertThat(live).as("live during the outage").isNotEmpty().containsOnly(200);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(data(ready).get("problem").asText()).isNotBlank();
        assertThat(probe.status("/health/live")).isEqualTo(200);
      }
    }
  }
}
