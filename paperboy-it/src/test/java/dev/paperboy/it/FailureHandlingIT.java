package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.newGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.RetryPolicy;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Poison pills, retries and dead-letter topics against a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class FailureHandlingIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Map<String, Object> POISON_AWARE =
      Map.of(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PoisonAwareDeserializer.class);

  @Test
  void poisonPillStopsTheEngineBeforeItUnderFailOnException(EmbeddedKafka kafka) throws Exception {
    String topic = topicWithPoisonAt(kafka, 5);
    String group = newGroup();
    RecordingHandler handler = new RecordingHandler(topic);
    List<PoisonPill> pills = new CopyOnWriteArrayList<>();
    StringEngine engine = engine(kafka, group, options(pills).build(), handler);

    engine.startInBackground();
    Throwable outcome = engine.outcome();

    assertThat(outcome)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining(
            "cannot be deserialized on topic " + topic + " partition 0 at offset 5");
    assertThat(handler.offsets(0)).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(kafka.committedOffsets(group)).containsEntry(new TopicPartition(topic, 0), 5L);
    assertThat(pills).hasSize(1);
    assertThat(new String(pills.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("POISON-5");
  }

  @Test
  void poisonPillIsSkippedWithoutFailOnException(EmbeddedKafka kafka) throws Exception {
    String topic = topicWithPoisonAt(kafka, 5);
    String group = newGroup();
    RecordingHandler handler = new RecordingHandler(topic);
    List<PoisonPill> pills = new CopyOnWriteArrayList<>();
    StringEngine engine =
        engine(kafka, group, options(pills).failOnException(false).build(), handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 9, "the 9 readable records handled");
    Await.until(
        DEADLINE,
        () ->
            Long.valueOf(10)
                .equals(kafka.committedOffsets(group).get(new TopicPartition(topic, 0))),
        "committed past the poison pill");
    engine.close();

    assertThat(handler.offsets(0)).containsExactly(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L);
    assertThat(pills).extracting(PoisonPill::offset).containsExactly(5L);
    assertThat(engine.outcome()).isNull();
  }

  @ParameterizedTest(name = "failOnException={0}")
  @ValueSource(booleans = {true, false})
  void poisonPillIsDeadLetteredWithItsOriginalBytes(boolean failOnException, EmbeddedKafka kafka)
      throws Exception {
    String topic = topicWithPoisonAt(kafka, 5);
    kafka.createTopic(topic + ".DLT", 1);
    String group = newGroup();
    RecordingHandler handler = new RecordingHandler(topic);
    StringEngine engine =
        engine(
            kafka,
            group,
            options(new ArrayList<>())
                .failOnException(failOnException)
                .deadLetter(DeadLetterPolicy.defaults())
                .build(),
            handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 9, "the 9 readable records handled");
    List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(topic + ".DLT", 1, DEADLINE);
    Await.until(
        DEADLINE,
        () ->
            Long.valueOf(10)
                .equals(kafka.committedOffsets(group).get(new TopicPartition(topic, 0))),
        "committed past the dead-lettered record");
    engine.close();

    assertThat(dead).hasSize(1);
    assertThat(text(dead.get(0).key())).isEqualTo("key-5");
    assertThat(text(dead.get(0).value())).isEqualTo("POISON-5");
    assertThat(header(dead.get(0), DeadLetterPolicy.HEADER_TOPIC)).isEqualTo(topic);
    assertThat(header(dead.get(0), DeadLetterPolicy.HEADER_PARTITION)).isEqualTo("0");
    assertThat(header(dead.get(0), DeadLetterPolicy.HEADER_OFFSET)).isEqualTo("5");
    assertThat(header(dead.get(0), DeadLetterPolicy.HEADER_TIMESTAMP)).matches("\\d+");
    assertThat(header(dead.get(0), DeadLetterPolicy.HEADER_EXCEPTION_CLASS))
        .isEqualTo("org.apache.kafka.common.errors.RecordDeserializationException");
    assertThat(header(dead.get(0), DeadLetterPolicy.HEADER_EXCEPTION_STACKTRACE))
        .contains("RecordDeserializationException");
    assertThat(handler.offsets(0)).doesNotContain(5L).hasSize(9);
    assertThat(engine.outcome()).isNull();
  }

  @Test
  void handlerThatFailsTwiceIsRetriedAndSucceeds(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("retry");
    kafka.createTopic(topic, 1);
    kafka.produceNumbered(topic, 1, 0, 3);
    List<Long> attemptNanos = new CopyOnWriteArrayList<>();
    RecordingHandler handler = new RecordingHandler(topic);
    handler.failOn =
        r -> {
          if (r.offset() != 1) {
            return false;
          }
          attemptNanos.add(System.nanoTime());
          return attemptNanos.size() <= 2;
        };
    RetryPolicy retry =
        RetryPolicy.ofExponentialBackoff(3, Duration.ofMillis(300), 2.0, Duration.ofSeconds(2));
    StringEngine engine =
        engine(kafka, newGroup(), EngineOptions.builder().retry(retry).build(), handler);

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 3, "all 3 records handled");
    engine.close();

    assertThat(engine.outcome()).isNull();
    assertThat(handler.offsets(0)).containsExactly(0L, 1L, 2L);
    assertThat(attemptNanos).hasSize(3);
    assertThat(millisBetween(attemptNanos, 0)).as("first backoff").isGreaterThanOrEqualTo(300);
    assertThat(millisBetween(attemptNanos, 1)).as("second backoff").isGreaterThanOrEqualTo(600);
  }

  @Test
  void recordThatAlwaysFailsEndsInTheDeadLetterTopicAfterItsAttempts(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("doomed");
    String dlt = topic + "-dead";
    kafka.createTopic(topic, 1);
    kafka.createTopic(dlt, 1);
    kafka.produceNumbered(topic, 1, 0, 4);
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    RecordingHandler handler =
        new RecordingHandler(topic) {
          @Override
          public String deadLetterTopic() {
            return dlt;
          }
        };
    handler.failOn =
        r -> {
          if (r.offset() == 2) {
            attempts.add(attempts.size() + 1);
            return true;
          }
          return false;
        };
    String group = newGroup();
    StringEngine engine =
        engine(
            kafka,
            group,
            EngineOptions.builder()
                .retry(RetryPolicy.ofFixedBackoff(4, Duration.ofMillis(50)))
                .deadLetter(DeadLetterPolicy.defaults())
                .commitIntervalMs(100)
                .build(),
            handler);

    engine.startInBackground();
    List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(dlt, 1, DEADLINE);
    Await.until(DEADLINE, () -> handler.handledCount() == 3, "the other records handled");
    Await.until(
        DEADLINE,
        () ->
            Long.valueOf(4).equals(kafka.committedOffsets(group).get(new TopicPartition(topic, 0))),
        "committed past the dead-lettered record");
    engine.close();

    assertThat(attempts).containsExactly(1, 2, 3, 4);
    assertThat(dead).hasSize(1);
    assertThat(text(dead.get(0).value())).isEqualTo("value-2");
    assertThat(header(dead.get(0), DeadLetterPolicy.HEADER_EXCEPTION_MESSAGE))
        .isEqualTo("poison at offset 2");
    assertThat(handler.offsets(0)).containsExactly(0L, 1L, 3L);
  }

  private static String topicWithPoisonAt(EmbeddedKafka kafka, int poisonOffset) {
    String topic = EmbeddedKafka.uniqueName("poison");
    kafka.createTopic(topic, 1);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(new SimpleEntry<>("key-" + i, i == poisonOffset ? "POISON-" + i : "value-" + i));
    }
    kafka.produce(topic, 0, records);
    return topic;
  }

  private static EngineOptions.Builder options(List<PoisonPill> pills) {
    return EngineOptions.builder()
        .commitIntervalMs(100)
        .listener(
            new PaperboyListener() {
              @Override
              public void onPoisonPill(PoisonPill pill, boolean fatal) {
                pills.add(pill);
              }
            });
  }

  private static StringEngine engine(
      EmbeddedKafka kafka, String group, EngineOptions options, RecordingHandler handler) {
    return new StringEngine(
        kafka.bootstrapServers(),
        group,
        options,
        List.of(handler),
        List.of(),
        POISON_AWARE,
        c -> c);
  }

  private static long millisBetween(List<Long> nanos, int i) {
    return (nanos.get(i + 1) - nanos.get(i)) / 1_000_000;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : text(header.value());
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
