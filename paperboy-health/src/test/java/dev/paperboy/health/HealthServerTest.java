package dev.paperboy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.EngineState;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side, over a fake engine status: paths, methods, codes and the JSON. */
class HealthServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeStatus engine = new FakeStatus();
  private final SteppedClock clock = new SteppedClock(T0);
  private final HealthServer server =
      HealthServer.builder()
          .host("127.0.0.1")
          .port(0)
          .health(new EngineHealth(engine, Duration.ofSeconds(30), clock))
          .start();
  private final Probe probe = new Probe(server.port());

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void answers200WithTheCheckWhenUp() throws Exception {
    engine.running(T0);

    HttpResponse<String> ready = probe.get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.get("checks")).hasSize(1);
    assertThat(body.get("checks").get(0).get("name").asText()).isEqualTo("paperboy-ready");
    assertThat(body.get("checks").get(0).get("data").get("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void answers503WithTheReasonWhenDown() throws Exception {
    engine.state = EngineState.STARTING;

    HttpResponse<String> ready = probe.get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    JsonNode check = JSON.readTree(ready.body()).get("checks").get(0);
    assertThat(check.get("status").asText()).isEqualTo("DOWN");
    assertThat(check.get("data").get("reason").asText())
        .isEqualTo("the engine is joining its consumer group");
  }

  @Test
  void eachProbePathServesItsCheckAndHealthServesAll() throws Exception {
    engine.state = EngineState.STARTING;
    engine.lastPollAt = T0;

    int started = probe.status("/health/started");
    int ready = probe.status("/health/ready");
    int live = probe.status("/health/live");
    HttpResponse<String> all = probe.get("/health");

    assertThat(started).isEqualTo(503);
    assertThat(ready).isEqualTo(503);
    assertThat(live).isEqualTo(200);
    assertThat(all.statusCode()).isEqualTo(503);
    JsonNode checks = JSON.readTree(all.body()).get("checks");
    assertThat(checks.findValuesAsText("name"))
        .containsExactly("paperboy-started", "paperboy-ready", "paperboy-live");
    assertThat(checks.findValuesAsText("status")).containsExactly("DOWN", "DOWN", "UP");
  }

  @Test
  void liveTurns503AfterTheStallTimeoutOfTheInjectedClock() {
    engine.running(T0);
    int before = probe.status("/health/live");
    clock.step(Duration.ofSeconds(30));

    int after = probe.status("/health/live");

    assertThat(before).isEqualTo(200);
    assertThat(after).isEqualTo(503);
  }

  @Test
  void otherPathsAre404() {
    engine.running(T0);

    assertThat(probe.status("/")).isEqualTo(404);
    assertThat(probe.status("/health/")).isEqualTo(404);
    assertThat(probe.status("/health/liveness")).isEqualTo(404);
    assertThat(probe.status("/healthz")).isEqualTo(404);
  }

  @Test
  void otherMethodsAre405() {
    engine.running(T0);

    HttpResponse<String> post = probe.send("POST", "/health/live");
    HttpResponse<String> delete = probe.send("DELETE", "/health");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(delete.statusCode()).isEqualTo(405);
  }

  @Test
  void headAnswersTheStatusWithoutABody() {
    engine.running(T0);

    HttpResponse<String> head = probe.send("HEAD", "/health/ready");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void queryStringsAreIgnored() {
    engine.running(T0);

    assertThat(probe.status("/health/live?verbose=true")).isEqualTo(200);
  }

  @Test
  void aCheckThatThrowsAnswers500() {
    HealthServer broken =
        HealthServer.builder()
            .host("127.0.0.1")
            .port(0)
            .health(
                EngineHealth.of(
                    () -> {
                      throw new IllegalStateException("no status");
                    },
                    Duration.ofSeconds(1)))
            .start();
    try {
      assertThat(new Probe(broken.port()).status("/health")).isEqualTo(500);
    } finally {
      broken.close();
    }
  }

  @Test
  void closeStopsListening() {
    engine.running(T0);
    server.close();
    server.close();

    assertThatThrownBy(() -> probe.get("/health/live")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aTakenPortIsReportedWithTheAddress() {
    int taken = server.port();

    assertThatThrownBy(
            () ->
                HealthServer.builder()
                    .host("127.0.0.1")
                    .port(taken)
                    .health(EngineHealth.of(engine, Duration.ofSeconds(1)))
                    .start())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot serve health checks on 127.0.0.1:" + taken);
  }

  @Test
  void builderChecksEveryValueWhenSet() {
    HealthServer.Builder builder = HealthServer.builder();

    assertThatThrownBy(() -> builder.port(65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535: 65536");
    assertThatThrownBy(() -> builder.port(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.host(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must not be blank");
    assertThatThrownBy(() -> builder.stallTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stallTimeout must be > 0: PT-1S");
    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("engine(...) is required: the engine to judge");
  }
}
