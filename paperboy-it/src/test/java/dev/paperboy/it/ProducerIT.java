package dev.paperboy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.Sender;
import dev.paperboy.TypedSender;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handlers' producer on a cluster that does not create topics on demand: a send to a topic that
 * does not exist is the record's error, under each error policy.
 */
class ProducerIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startCluster() {
    kafka = EmbeddedKafka.builder().brokerConfig("auto.create.topics.enable", "false").start();
  }

  @AfterAll
  static void stopCluster() {
    kafka.close();
  }

  @Test
  void handlersForwardRecordsAndTheirOffsetsAreCommitted() {
    String input = ItSupport.newTopic(kafka, "input", 2);
    String output = ItSupport.newTopic(kafka, "output", 2);
    String group = ItSupport.newGroup();
    kafka.produceNumbered(input, 2, 0, 1_000);
    Sender sender = Sender.create();
    TypedSender<String, String> out = sender.typed(new StringSerializer(), new StringSerializer());

    try (RunningEngine<String, String> engine =
        RunningEngine.start(
            engine(group, EngineOptions.builder().commitIntervalMs(100).build(), sender)
                .handler(input, (msg, ctx) -> out.send(output, msg.key(), msg.value() + "!"))
                .build(),
            "forward")) {
      engine.awaitRunning(DEADLINE);
      Await.until(
          DEADLINE,
          () -> total(kafka.committedOffsets(group)) == 1_000,
          () -> "committed " + kafka.committedOffsets(group));
    }

    List<ConsumerRecord<byte[], byte[]>> forwarded = kafka.read(output, 1_000, DEADLINE);
    assertThat(forwarded).hasSize(1_000);
    assertThat(new String(forwarded.get(0).value(), java.nio.charset.StandardCharsets.UTF_8))
        .endsWith("!");
  }

  @Test
  void aFailedSendStopsTheEngineWithoutCommittingTheRecordUnderFailOnException() {
    String input = ItSupport.newTopic(kafka, "input", 1);
    String group = ItSupport.newGroup();
    kafka.produce(input, 0, List.of(new SimpleEntry<>("k", "v")));
    Sender sender = Sender.create();

    RunningEngine<String, String> engine =
        RunningEngine.start(
            sendingToAMissingTopic(group, input, EngineOptions.builder().build(), sender), "fail");

    Throwable outcome = engine.outcome();
    engine.close();
    assertThat(outcome).isInstanceOf(PaperboyException.class).hasMessageContaining("offset 0");
    assertThat(kafka.committedOffsets(group).getOrDefault(new TopicPartition(input, 0), 0L))
        .isZero();
  }

  @Test
  void aFailedSendIsLoggedAndSkippedUnderFailOnExceptionFalse() {
    String input = ItSupport.newTopic(kafka, "input", 1);
    String group = ItSupport.newGroup();
    kafka.produce(input, 0, List.of(new SimpleEntry<>("k1", "v1"), new SimpleEntry<>("k2", "v2")));
    List<Boolean> failures = new CopyOnWriteArrayList<>();
    EngineOptions options =
        EngineOptions.builder()
            .failOnException(false)
            .commitIntervalMs(100)
            .listener(failuresInto(failures))
            .build();

    try (RunningEngine<String, String> engine =
        RunningEngine.start(
            sendingToAMissingTopic(group, input, options, Sender.create()), "skip")) {
      engine.awaitRunning(DEADLINE);
      Await.until(
          DEADLINE,
          () -> total(kafka.committedOffsets(group)) == 2,
          () -> "committed " + kafka.committedOffsets(group));
    }

    assertThat(failures).containsExactly(false, false);
  }

  @Test
  void aFailedSendDeadLettersTheRecord() {
    String input = ItSupport.newTopic(kafka, "input", 1);
    kafka.createTopic(input + ".DLT", 1);
    String group = ItSupport.newGroup();
    kafka.produce(input, 0, List.of(new SimpleEntry<>("k", "v")));
    EngineOptions options =
        EngineOptions.builder()
            .deadLetter(DeadLetterPolicy.defaults())
            .commitIntervalMs(100)
            .build();

    try (RunningEngine<String, String> engine =
        RunningEngine.start(
            sendingToAMissingTopic(group, input, options, Sender.create()), "dead-letter")) {
      engine.awaitRunning(DEADLINE);
      Await.until(
          DEADLINE,
          () -> total(kafka.committedOffsets(group)) == 1,
          () -> "committed " + kafka.committedOffsets(group));
    }

    List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(input + ".DLT", 1, DEADLINE);
    assertThat(dead).hasSize(1);
    assertThat(
            new String(
                dead.get(0).headers().lastHeader(DeadLetterPolicy.HEADER_EXCEPTION_CLASS).value(),
                java.nio.charset.StandardCharsets.UTF_8))
        .contains("TimeoutException");
  }

  private static PaperboyEngine<String, String> sendingToAMissingTopic(
      String group, String input, EngineOptions options, Sender sender) {
    TypedSender<String, String> out = sender.typed(new StringSerializer(), new StringSerializer());
    String missing = EmbeddedKafka.uniqueName("missing");
    return engine(group, options, sender)
        .producerConfig(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000)
        .handler(input, (msg, ctx) -> out.send(missing, msg.key(), msg.value()))
        .build();
  }

  private static dev.paperboy.EngineBuilder<String, String> engine(
      String group, EngineOptions options, Sender sender) {
    return PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
        .bootstrapServers(kafka.bootstrapServers())
        .groupId(group)
        .config(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .options(options)
        .sender(sender);
  }

  private static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static PaperboyListener failuresInto(List<Boolean> fatal) {
    return new PaperboyListener() {
      @Override
      public void onHandlingFailed(
          List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean isFatal) {
        fatal.add(isFatal);
      }
    };
  }
}
