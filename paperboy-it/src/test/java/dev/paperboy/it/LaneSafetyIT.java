package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.newGroup;
import static dev.paperboy.it.ItSupport.newTopic;
import static dev.paperboy.it.ItSupport.offsets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.RetryPolicy;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A partition lane never skips a record, whatever its handler does to the thread, and never holds a
 * handler thread while it backs off.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class LaneSafetyIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @ParameterizedTest(name = "kafkaInterruptException={0}")
  @ValueSource(booleans = {false, true})
  void handlerThatInterruptsItsThreadIsRetriedAndNoRecordIsSkipped(
      boolean kafkaInterruptException, EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "interrupt-retry", 1);
    kafka.produceNumbered(topic, 1, 0, 200);
    String group = newGroup();
    AtomicBoolean interruptedOnce = new AtomicBoolean();
    AtomicBoolean flagSeenLater = new AtomicBoolean();
    RecordingHandler handler = new RecordingHandler(topic);
    handler.failOn =
        r -> {
          if (Thread.currentThread().isInterrupted()) {
            flagSeenLater.set(true);
          }
          if (r.offset() == 1 && interruptedOnce.compareAndSet(false, true)) {
            interruptAndThrow(kafkaInterruptException);
          }
          return false;
        };
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            EngineOptions.builder()
                .retry(RetryPolicy.ofFixedBackoff(5, Duration.ofMillis(20)))
                .commitIntervalMs(100)
                .build(),
            List.of(handler));

    engine.startInBackground();
    Await.until(DEADLINE, () -> handler.handledCount() == 200, "all 200 records handled");
    awaitCommitted(kafka, group, new TopicPartition(topic, 0), 200);
    engine.close();

    assertThat(engine.outcome()).isNull();
    assertThat(handler.offsets(0)).isEqualTo(offsets(0, 200));
    assertThat(flagSeenLater).as("interrupt flag seen by a later handler call").isFalse();
  }

  @Test
  void interruptedHandlersRecordIsDeadLetteredAndTheRestHandled(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "interrupt-dlt", 1);
    kafka.createTopic(topic + ".DLT", 1);
    kafka.produceNumbered(topic, 1, 0, 100);
    String group = newGroup();
    RecordingHandler handler = new RecordingHandler(topic);
    handler.failOn =
        r -> {
          if (r.offset() == 50) {
            interruptAndThrow(false);
          }
          return false;
        };
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            group,
            EngineOptions.builder()
                .deadLetter(DeadLetterPolicy.defaults())
                .commitIntervalMs(100)
                .build(),
            List.of(handler));

    engine.startInBackground();
    List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(topic + ".DLT", 1, DEADLINE);
    Await.until(DEADLINE, () -> handler.handledCount() == 99, "the 99 other records handled");
    awaitCommitted(kafka, group, new TopicPartition(topic, 0), 100);
    engine.close();

    assertThat(engine.outcome()).isNull();
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("value-50");
    assertThat(handler.offsets(0)).hasSize(99).doesNotContain(50L).isSorted();
  }

  @Test
  void aBackoffGivesItsThreadBackSoOtherPartitionsFlow(EmbeddedKafka kafka) throws Exception {
    String topic = newTopic(kafka, "backoff", 2);
    kafka.produceNumbered(topic, 2, 0, 1); // record 0 goes to partition 0, and always fails
    AtomicInteger attemptsOnP0 = new AtomicInteger();
    RecordingHandler handler = new RecordingHandler(topic);
    handler.failOn =
        r -> {
          if (r.partition() == 0) {
            attemptsOnP0.incrementAndGet();
            return true;
          }
          return false;
        };
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            EngineOptions.builder()
                .handlerThreads(1)
                .failOnException(false)
                .retry(RetryPolicy.ofFixedBackoff(4, Duration.ofSeconds(3)))
                .build(),
            List.of(handler));

    engine.startInBackground();
    Await.until(DEADLINE, () -> attemptsOnP0.get() == 1, "partition 0's first attempt");
    long producedAt = System.nanoTime();
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(Map.entry("key-" + i, "value-" + i));
    }
    kafka.produce(topic, 1, records);
    Await.until(DEADLINE, () -> handler.offsets(1).size() == 50, "partition 1's 50 records");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - producedAt);
    int attemptsMeanwhile = attemptsOnP0.get();
    engine.close();

    System.out.printf(
        "partition 1's 50 records handled %d ms after they were produced, while partition 0 was"
            + " at attempt %d of 4%n",
        tookMs, attemptsMeanwhile);
    assertThat(attemptsMeanwhile).as("partition 0 still backing off").isLessThan(4);
    assertThat(engine.outcome()).isNull();
  }

  private static void interruptAndThrow(boolean kafkaInterruptException) {
    if (kafkaInterruptException) {
      throw new InterruptException("handler interrupted"); // sets the interrupt flag itself
    }
    Thread.currentThread().interrupt();
    throw new IllegalStateException("handler interrupted");
  }

  private static void awaitCommitted(
      EmbeddedKafka kafka, String group, TopicPartition partition, long offset) {
    Await.until(
        DEADLINE,
        () -> Long.valueOf(offset).equals(kafka.committedOffsets(group).get(partition)),
        "committed offset " + offset + " on " + partition);
  }
}
