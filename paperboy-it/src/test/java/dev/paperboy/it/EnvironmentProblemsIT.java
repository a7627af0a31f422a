package dev.paperboy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An unreachable cluster, a missing topic and secrets in the configuration. */
@ExtendWith(EmbeddedKafkaExtension.class)
class EnvironmentProblemsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Map<String, Object> NO_AUTO_CREATE =
      Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);

  @Test
  void unreachableClusterIsReportedAndGivesUpAfterTheStartupTimeout() throws Exception {
    String bootstrap = "127.0.0.1:" + closedPort();
    List<String> problems = new CopyOnWriteArrayList<>();
    RecordingHandler handler = new RecordingHandler("orders");
    StringEngine engine =
        new StringEngine(
            bootstrap,
            "group",
            EngineOptions.builder()
                .startupTimeoutMs(4_000)
                .listener(problemsInto(problems))
                .build(),
            List.of(handler));

    long start = System.nanoTime();
    engine.startInBackground();
    Await.until(DEADLINE, () -> engine.problem().isPresent(), "a problem is reported");
    String reported = engine.problem().orElseThrow();
    Throwable outcome = engine.outcome();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(reported)
        .contains("cannot reach the Kafka cluster at bootstrap.servers=" + bootstrap);
    assertThat(problems).first().isEqualTo(reported);
    assertThat(outcome)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("did not start within startupTimeoutMs=4000")
        .hasMessageContaining("cannot reach the Kafka cluster");
    assertThat(tookMs).isBetween(4_000L, 20_000L);
  }

  @Test
  void missingTopicIsReportedUntilItIsCreated(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("late");
    RecordingHandler handler = new RecordingHandler(topic);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            EmbeddedKafka.uniqueName("group"),
            EngineOptions.defaults(),
            List.of(handler),
            List.of(),
            NO_AUTO_CREATE,
            c -> c);

    engine.startInBackground();
    Await.until(DEADLINE, () -> engine.problem().isPresent(), "a problem is reported");
    String reported = engine.problem().orElseThrow();
    kafka.createTopic(topic, 1);
    kafka.produceNumbered(topic, 1, 0, 5);
    Await.until(DEADLINE, () -> handler.handledCount() == 5, "records of the new topic handled");
    Await.until(DEADLINE, () -> engine.problem().isEmpty(), "the problem goes away");
    engine.close();

    assertThat(reported).contains("topics [" + topic + "] do not exist");
    assertThat(engine.outcome()).isNull();
  }

  @Test
  void missingTopicFailsTheStartAfterTheStartupTimeout(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("never");
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            EmbeddedKafka.uniqueName("group"),
            EngineOptions.builder().startupTimeoutMs(3_000).build(),
            List.of(new RecordingHandler(topic)),
            List.of(),
            NO_AUTO_CREATE,
            c -> c);

    engine.startInBackground();
    Throwable outcome = engine.outcome();

    assertThat(outcome)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("topics [" + topic + "] do not exist");
  }

  @Test
  void startupTimeoutNoLongerAppliesOnceTheEngineJoined(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("joined");
    kafka.createTopic(topic, 1);
    RecordingHandler handler = new RecordingHandler(topic);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            EmbeddedKafka.uniqueName("group"),
            EngineOptions.builder().startupTimeoutMs(4_000).build(),
            List.of(handler));

    long start = System.nanoTime();
    engine.startInBackground();
    Await.until(DEADLINE, () -> engine.state() == EngineState.RUNNING, "the engine joined");
    long joinedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // The situation under test: the startup timeout passes while the engine runs.
    Thread.sleep(Math.max(0, 5_500 - joinedMs));
    kafka.produceNumbered(topic, 1, 0, 5);
    Await.until(DEADLINE, () -> handler.handledCount() == 5, "records produced later handled");

    assertThat(joinedMs).as("joined before the timeout").isLessThan(4_000);
    assertThat(engine.finished()).isFalse();
    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    engine.close();
    assertThat(engine.outcome()).isNull();
  }

  @Test
  void noSecretOfTheConfigurationReachesAnyLogLine(EmbeddedKafka kafka) throws Exception {
    String secret = "pb-secret-4711";
    Path output = Path.of("target", EmbeddedKafka.uniqueName("secret-child") + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-cp",
                System.getProperty("java.class.path"),
                SecretConfigMain.class.getName(),
                kafka.bootstrapServers(),
                EmbeddedKafka.uniqueName("orders"),
                secret,
                "8")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
    } finally {
      child.destroyForcibly();
    }

    String log = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(log).as("the configuration was logged").contains("sasl.jaas.config = [hidden]");
    // Which engine line reports the authentication failure depends on what meets it first: the
    // cluster check (a problem) or the poll that joins the group (a fatal consumer error).
    assertThat(log)
        .as("the authentication failure was reported")
        .containsAnyOf(
            "Paperboy engine is not consuming", "Paperboy engine stopping: consumer failed");
    assertThat(log).doesNotContain(secret);
  }

  private static PaperboyListener problemsInto(List<String> problems) {
    return new PaperboyListener() {
      @Override
      public void onProblem(String problem) {
        if (problem != null) {
          problems.add(problem);
        }
      }
    };
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
