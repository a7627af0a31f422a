package dev.paperboy.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The probes over real HTTP, against engines consuming from a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class HealthServerIT {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final Duration STALL = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void readyIs503BeforeTheJoinAnd200After(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "join");
    BackgroundEngine engine = engine(kafka, new GatedHandler(topic), EngineOptions.builder());
    Probe probe = serve(engine, STALL);

    HttpResponse<String> beforeStart = probe.get("/health/ready");
    int startedBeforeStart = probe.status("/health/started");
    engine.start();
    Await.until(DEADLINE, () -> probe.status("/health/ready") == 200, "ready after the join");

    assertThat(beforeStart.statusCode()).isEqualTo(503);
    assertThat(data(beforeStart).get("state").asText()).isEqualTo("CREATED");
    assertThat(startedBeforeStart).isEqualTo(503);
    assertThat(engine.engine.state()).isEqualTo(EngineState.RUNNING);
    assertThat(probe.status("/health/started")).isEqualTo(200);
    assertThat(probe.status("/health/live")).isEqualTo(200);
    assertThat(probe.status("/health")).isEqualTo(200);
  }

  @Test
  void readyIs503WithTheProblemWhileATopicIsMissing(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("missing");
    GatedHandler handler = new GatedHandler(topic);
    BackgroundEngine engine = engine(kafka, handler, EngineOptions.builder()).start();
    Probe probe = serve(engine, STALL);

    Await.until(
        DEADLINE,
        () -> probe.get("/health/ready").body().contains("do not exist"),
        "the missing topic reported by /health/ready");
    HttpResponse<String> missing = probe.get("/health/ready");
    kafka.createTopic(topic, 1);
    kafka.produce(topic, 0, List.of(Map.entry("k", "v")));
    Await.until(DEADLINE, () -> handler.handled() == 1, "the record of the new topic handled");
    Await.until(DEADLINE, () -> probe.status("/health/ready") == 200, "ready once it exists");

    assertThat(missing.statusCode()).isEqualTo(503);
    assertThat(data(missing).get("problem").asText())
        .contains("topics [" + topic + "] do not exist");
  }

  @Test
  void liveIs503WhileAHandlerIsStuckBehindLagAnd200WhenItMovesAgain(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "stuck");
    GatedHandler handler = new GatedHandler(topic);
    opened.add(handler::open);
    BackgroundEngine engine = engine(kafka, handler, EngineOptions.builder());
    Probe probe = serve(engine, STALL);
    engine.start();
    Await.until(DEADLINE, () -> probe.status("/health/ready") == 200, "ready");

    kafka.produce(topic, 0, List.of(Map.entry("k0", GatedHandler.GATE)));
    Await.until(DEADLINE, handler::waitsAtTheGate, "the handler stuck at the gate");
    long stuckAt = System.nanoTime();
    int liveRightAfter = probe.status("/health/live");
    kafka.produce(topic, 0, numbered(1, 20));
    Await.until(DEADLINE, () -> probe.status("/health/live") == 503, "live down while stuck");
    Duration downAfter = Duration.ofNanos(System.nanoTime() - stuckAt);
    HttpResponse<String> stuck = probe.get("/health/live");
    handler.open();
    Await.until(DEADLINE, () -> probe.status("/health/live") == 200, "live again once it moves");
    Await.until(DEADLINE, () -> handler.handled() == 21, "every record handled");

    assertThat(liveRightAfter).as("live right after the handler got stuck").isEqualTo(200);
    assertThat(downAfter).isGreaterThanOrEqualTo(STALL);
    assertThat(data(stuck).get("reason").asText())
        .contains("no record handled and no commit acknowledged");
    assertThat(data(stuck).get("lag").asLong()).isPositive();
    assertThat(probe.status("/health/ready")).as("still ready: it is running").isEqualTo(200);
  }

  @Test
  void anIdleEngineStaysLiveLongerThanTheStallTimeout(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "idle");
    GatedHandler handler = new GatedHandler(topic);
    BackgroundEngine engine = engine(kafka, handler, EngineOptions.builder());
    Probe probe = serve(engine, STALL);
    engine.start();
    kafka.produce(topic, 0, numbered(0, 5));
    Await.until(DEADLINE, () -> handler.handled() == 5, "5 records handled");

    List<Integer> codes = probeFor(probe, "/health/live", STALL.multipliedBy(3));
    HttpResponse<String> live = probe.get("/health/live");

    assertThat(codes).isNotEmpty().containsOnly(200);
    JsonNode data = data(live);
    assertThat(data.get("lag").asLong()).isZero();
    assertThat(Instant.parse(data.get("lastHandledAt").asText()))
        .as("nothing handled for longer than the stall timeout")
        .isBefore(Instant.now().minus(STALL));
  }

  @Test
  void readyIs503WhileTheEngineDrainsOnStopAndLiveStays200(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "drain");
    GatedHandler handler = new GatedHandler(topic);
    opened.add(handler::open);
    BackgroundEngine engine =
        engine(kafka, handler, EngineOptions.builder().shutdownTimeout(Duration.ofSeconds(60)));
    Probe probe = serve(engine, STALL);
    engine.start();
    kafka.produce(topic, 0, List.of(Map.entry("k0", GatedHandler.GATE)));
    Await.until(DEADLINE, handler::waitsAtTheGate, "the handler busy with a record");

    engine.engine.stop();
    Await.until(
        DEADLINE,
        () -> engine.engine.state() == EngineState.STOPPING,
        "the engine waits for its handler");
    HttpResponse<String> draining = probe.get("/health/ready");
    List<Integer> liveWhileDraining = probeFor(probe, "/health/live", STALL.plusSeconds(1));
    EngineState stillDraining = engine.engine.state();
    handler.open();
    Await.until(DEADLINE, () -> engine.engine.state() == EngineState.STOPPED, "stopped");
    HttpResponse<String> stopped = probe.get("/health/ready");

    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(data(draining).get("state").asText()).isEqualTo("STOPPING");
    assertThat(stillDraining).isEqualTo(EngineState.STOPPING);
    assertThat(liveWhileDraining).isNotEmpty().containsOnly(200);
    assertThat(stopped.statusCode()).isEqualTo(503);
    assertThat(data(stopped).get("state").asText()).isEqualTo("STOPPED");
    assertThat(probe.status("/health/live")).isEqualTo(200);
    assertThat(probe.status("/health/started")).isEqualTo(200);
  }

  @Test
  void startedRemembersAJoinNoProbeSaw(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "unseen");
    BackgroundEngine engine = engine(kafka, new GatedHandler(topic), EngineOptions.builder());
    Probe probe = serve(engine, STALL);
    engine.start();
    Await.until(DEADLINE, () -> engine.engine.state() == EngineState.RUNNING, "joined");

    engine.close();
    HttpResponse<String> started = probe.get("/health/started");

    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(data(started).get("state").asText()).isEqualTo("STOPPED");
  }

  @Test
  void anEngineThatCannotReachItsClusterIsNotReadyButLive() throws Exception {
    Duration stall =
        Duration.ofSeconds(5); // above the engine's 2 s cluster check on its poll thread
    BackgroundEngine engine =
        BackgroundEngine.of(
                "127.0.0.1:" + closedPort(),
                EmbeddedKafka.uniqueName("group"),
                new GatedHandler("orders"),
                EngineOptions.builder().shutdownTimeout(Duration.ofSeconds(2)))
            .start();
    opened.add(engine);
    Probe probe = serve(engine, stall);

    Await.until(
        DEADLINE,
        () -> probe.get("/health/ready").body().contains("cannot reach the Kafka cluster"),
        "the unreachable cluster reported by /health/ready");
    HttpResponse<String> ready = probe.get("/health/ready");
    List<Integer> live = probeFor(probe, "/health/live", stall.multipliedBy(2));

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(data(ready).get("problem").asText())
        .startsWith("cannot reach the Kafka cluster at bootstrap.servers=127.0.0.1:");
    assertThat(live).isNotEmpty().containsOnly(200);
  }

  private BackgroundEngine engine(
      EmbeddedKafka kafka, GatedHandler handler, EngineOptions.Builder options) {
    BackgroundEngine engine =
        BackgroundEngine.of(
            kafka.bootstrapServers(), EmbeddedKafka.uniqueName("group"), handler, options);
    opened.add(engine);
    return engine;
  }

  /** A health server for {@code engine} on a free loopback port, and a probe of it. */
  private Probe serve(BackgroundEngine engine, Duration stallTimeout) {
    HealthServer server =
        HealthServer.builder()
            .host("127.0.0.1")
            .port(0)
            .engine(engine.engine)
            .stallTimeout(stallTimeout)
            .start();
    opened.add(server);
    return new Probe(server.port());
  }

  /**
   * Probes {@code path} every 100 ms for {@code duration} and returns the status codes: a check
   * that something stays true over time, the one wait here that is not for Kafka.
   */
  static List<Integer> probeFor(Probe probe, String path, Duration duration)
      throws InterruptedException {
    List<Integer> codes = new ArrayList<>();
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() - end < 0) {
      codes.add(probe.status(path));
      Thread.sleep(100);
    }
    return codes;
  }

  static JsonNode data(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).get("checks").get(0).get("data");
  }

  private static String newTopic(EmbeddedKafka kafka, String prefix) {
    String topic = EmbeddedKafka.uniqueName(prefix);
    kafka.createTopic(topic, 1);
    return topic;
  }

  private static List<Map.Entry<String, String>> numbered(int from, int count) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      records.add(Map.entry("k" + i, "v" + i));
    }
    return records;
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
