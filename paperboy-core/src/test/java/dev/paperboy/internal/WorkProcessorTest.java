package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.HandlingInterceptor;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class WorkProcessorTest {
  private static final String TOPIC = "orders";
  private static final ConsumerRecord<String, String> RECORD =
      new ConsumerRecord<>(TOPIC, 2, 40, "k", "v");

  private final Flaky handler = new Flaky();
  private final List<String> events = new ArrayList<>();
  private final List<Long> waits = new ArrayList<>();
  private final PaperboyListener listener =
      new PaperboyListener() {
        @Override
        public void onRetry(
            List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception e, long ms) {
          events.add("retry " + attempt + " after " + ms);
        }

        @Override
        public void onHandlingFailed(
            List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
          events.add("failed at " + records.get(0).offset() + (fatal ? ", fatal" : ""));
        }

        @Override
        public void onDeadLettered(
            List<? extends ConsumerRecord<?, ?>> records, String topic, Exception e) {
          events.add("dead-lettered " + records.get(0).offset() + " to " + topic);
        }

        @Override
        public void onPoisonPill(PoisonPill pill, boolean fatal) {
          events.add("poison pill at " + pill.offset() + (fatal ? ", fatal" : ""));
        }
      };
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

  @Test
  void succeedsOnALaterAttemptAskingForTheBackoffBetween() {
    handler.failures = 2;
    WorkProcessor<String, String> processor = processor(true, retries(3), false);

    Handling<String, String> handling = records(RECORD);
    Step last = runToEnd(processor, handling);

    assertThat(last.fatalError()).isNull();
    assertThat(handling.isFinished()).isTrue();
    assertThat(handling.handledOffset()).isEqualTo(41);
    assertThat(handler.attempts).isEqualTo(3);
    assertThat(waits).containsExactly(100L, 200L);
    assertThat(events).containsExactly("retry 1 after 100", "retry 2 after 200");
  }

  @Test
  void interceptorsWrapEveryAttemptAndHearHowItEnded() {
    handler.failures = 1;
    List<String> scopes = new ArrayList<>();
    HandlingInterceptor recording =
        (records, batch, attempt) -> {
          scopes.add("begin " + records.get(0).offset() + " attempt " + attempt);
          return error -> scopes.add("end " + (error == null ? "ok" : error.getMessage()));
        };
    WorkProcessor<String, String> processor =
        new WorkProcessor<>(true, retries(2), null, listener, new Interceptors(List.of(recording)));

    runToEnd(processor, records(RECORD));

    assertThat(scopes)
        .containsExactly("begin 40 attempt 1", "end failure 1", "begin 40 attempt 2", "end ok");
  }

  @Test
  void exhaustedRetriesAreFatalUnderFailOnException() {
    handler.failures = 5;
    WorkProcessor<String, String> processor = processor(true, retries(3), false);

    Step last = runToEnd(processor, records(RECORD));

    assertThat(last.fatalError()).hasMessage("failure 3");
    assertThat(handler.attempts).isEqualTo(3);
    assertThat(events).endsWith("failed at 40, fatal");
  }

  @Test
  void anErrorThePolicyDoesNotRetryGoesStraightToTheDeadLetterTopic() {
    handler.failures = 5;
    WorkProcessor<String, String> processor =
        processor(true, retries(3).noRetryFor(IllegalStateException.class), true);

    Handling<String, String> handling = records(RECORD);
    runToEnd(processor, handling);

    assertThat(handler.attempts).isEqualTo(1);
    assertThat(waits).isEmpty();
    assertThat(events).containsExactly("failed at 40", "dead-lettered 40 to orders.DLT");
    assertThat(handling.handledOffset()).isEqualTo(41);
  }

  @Test
  void exhaustedRetriesAreSkippedWithoutFailOnException() {
    handler.failures = 5;
    WorkProcessor<String, String> processor = processor(false, retries(2), false);

    Handling<String, String> handling = records(RECORD);
    runToEnd(processor, handling);

    assertThat(handling.isFinished()).isTrue();
    assertThat(handling.handledOffset()).isEqualTo(41);
    assertThat(events).endsWith("failed at 40");
  }

  @Test
  void anInterruptFlagSetByTheHandlerIsClearedAndTheRecordRetried() {
    PaperboyHandler<String, String> interrupting =
        PaperboyHandler.of(
            TOPIC,
            (msg, ctx) -> {
              if (handler.attempts++ == 0) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
              }
            });
    WorkProcessor<String, String> processor =
        new WorkProcessor<>(true, retries(3), null, listener, Interceptors.NONE);

    Handling<String, String> handling = records(RECORD, 2);
    Step last = runToEnd(processor, new Route<>(interrupting), handling);

    assertThat(last.fatalError()).isNull();
    assertThat(handling.handledOffset()).isEqualTo(42);
    assertThat(handler.attempts).isEqualTo(3);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void anInterruptedHandlerStillGetsItsRecordDeadLettered() {
    PaperboyHandler<String, String> interrupting =
        PaperboyHandler.of(
            TOPIC,
            (msg, ctx) -> {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted");
            });
    DeadLetterPublisher publisher = new DeadLetterPublisher(producer, DeadLetterPolicy.defaults());
    WorkProcessor<String, String> processor =
        new WorkProcessor<>(true, RetryPolicy.none(), publisher, listener, Interceptors.NONE);

    Handling<String, String> handling = records(RECORD, 2);
    runToEnd(processor, new Route<>(interrupting), handling);

    assertThat(handling.handledOffset()).isEqualTo(42);
    assertThat(producer.history()).hasSize(2);
    assertThat(events)
        .containsExactly(
            "failed at 40",
            "dead-lettered 40 to orders.DLT",
            "failed at 41",
            "dead-lettered 41 to orders.DLT");
  }

  @Test
  void deadLettersWhatStillFailsWithItsOriginAndError() {
    handler.failures = 5;
    WorkProcessor<String, String> processor = processor(true, retries(2), true);

    Handling<String, String> handling = records(RECORD);
    runToEnd(processor, handling);

    assertThat(handling.isFinished()).isTrue();
    assertThat(producer.history()).hasSize(1);
    ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
    assertThat(dead.topic()).isEqualTo("orders.DLT");
    assertThat(text(dead.key())).isEqualTo("k");
    assertThat(text(dead.value())).isEqualTo("v");
    assertThat(header(dead, DeadLetterPolicy.HEADER_TOPIC)).isEqualTo(TOPIC);
    assertThat(header(dead, DeadLetterPolicy.HEADER_PARTITION)).isEqualTo("2");
    assertThat(header(dead, DeadLetterPolicy.HEADER_OFFSET)).isEqualTo("40");
    assertThat(header(dead, DeadLetterPolicy.HEADER_EXCEPTION_CLASS))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(dead, DeadLetterPolicy.HEADER_EXCEPTION_MESSAGE)).isEqualTo("failure 2");
    assertThat(header(dead, DeadLetterPolicy.HEADER_EXCEPTION_STACKTRACE))
        .startsWith("java.lang.IllegalStateException: failure 2");
    assertThat(events).endsWith("failed at 40", "dead-lettered 40 to orders.DLT");
  }

  @Test
  void failedDeadLetterWriteIsFatalUnderFailOnExceptionAndReportedSo() {
    handler.failures = 1;
    WorkProcessor<String, String> processor =
        processor(true, RetryPolicy.none(), failingProducer());

    Step last = runToEnd(processor, records(RECORD));

    assertThat(last.fatalError())
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("dead-letter write");
    assertThat(events).containsExactly("failed at 40, fatal");
  }

  @Test
  void failedDeadLetterWriteIsRetriedWithGrowingBackoffWithoutFailOnException() {
    handler.failures = 1;
    WorkProcessor<String, String> processor =
        processor(false, RetryPolicy.none(), failingProducer());
    Handling<String, String> handling = records(RECORD);

    List<Long> asked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      asked.add(processor.step(new Route<>(handler), handling).waitMs());
    }

    assertThat(asked).containsExactly(100L, 200L, 400L, 800L);
    assertThat(handling.isFinished()).isFalse();
    assertThat(handler.attempts).isEqualTo(1);
    assertThat(events).containsExactly("failed at 40");
  }

  @Test
  void unserializableDeadLetterIsSkippedWithoutFailOnException() {
    handler.failures = 1;
    DeadLetterPolicy policy = DeadLetterPolicy.builder().valueSerializer(refusing()).build();
    WorkProcessor<String, String> processor =
        new WorkProcessor<>(
            false,
            RetryPolicy.none(),
            new DeadLetterPublisher(producer, policy),
            listener,
            Interceptors.NONE);

    Handling<String, String> handling = records(RECORD);
    Step last = runToEnd(processor, handling);

    assertThat(last.fatalError()).isNull();
    assertThat(handling.handledOffset()).isEqualTo(41);
    assertThat(events).containsExactly("failed at 40");
  }

  @Test
  void unserializableDeadLetterIsFatalUnderFailOnException() {
    handler.failures = 1;
    DeadLetterPolicy policy = DeadLetterPolicy.builder().valueSerializer(refusing()).build();
    WorkProcessor<String, String> processor =
        new WorkProcessor<>(
            true,
            RetryPolicy.none(),
            new DeadLetterPublisher(producer, policy),
            listener,
            Interceptors.NONE);

    Step last = runToEnd(processor, records(RECORD));

    assertThat(last.fatalError()).hasMessageContaining("cannot dead-letter");
    assertThat(events).containsExactly("failed at 40, fatal");
  }

  @Test
  void poisonPillIsDeadLetteredWithItsRawBytes() {
    WorkProcessor<String, String> processor = processor(true, RetryPolicy.none(), true);
    byte[] raw = {(byte) 0xff, 0x00, 0x7f};

    Handling<String, String> handling = pillAt(9, raw);
    runToEnd(processor, handling);

    assertThat(handling.isFinished()).isTrue();
    assertThat(handling.handledOffset()).isEqualTo(10);
    ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
    assertThat(dead.value()).containsExactly(raw);
    assertThat(dead.key()).isNull();
    assertThat(header(dead, DeadLetterPolicy.HEADER_OFFSET)).isEqualTo("9");
    assertThat(header(dead, DeadLetterPolicy.HEADER_TIMESTAMP)).isEqualTo("1234");
  }

  @Test
  void aPoisonPillIsReportedOnceWithHowItsFailureEnds() {
    Step dropped = runToEnd(processor(true, RetryPolicy.none(), false), pillAt(9));
    Step deadLettered = runToEnd(processor(true, RetryPolicy.none(), true), pillAt(10));
    Step skipped = runToEnd(processor(false, RetryPolicy.none(), false), pillAt(11));

    assertThat(dropped.fatalError()).hasMessage("bad bytes");
    assertThat(deadLettered.fatalError()).isNull();
    assertThat(skipped.fatalError()).isNull();
    assertThat(events)
        .containsExactly("poison pill at 9, fatal", "poison pill at 10", "poison pill at 11");
  }

  @Test
  void aPoisonPillWhoseDeadLetterWriteFailsUnderFailOnExceptionIsReportedFatal() {
    Step last = runToEnd(processor(true, RetryPolicy.none(), failingProducer()), pillAt(9));

    assertThat(last.fatalError()).hasMessageContaining("dead-letter write");
    assertThat(events).containsExactly("poison pill at 9, fatal");
  }

  @Test
  void aPoisonPillWhoseDeadLetterWriteIsRetriedIsReportedOnceAndNotFatal() {
    WorkProcessor<String, String> processor =
        processor(false, RetryPolicy.none(), failingProducer());
    Handling<String, String> handling = pillAt(9);

    for (int i = 0; i < 3; i++) {
      assertThat(processor.step(new Route<>(handler), handling).isWait()).isTrue();
    }

    assertThat(events).containsExactly("poison pill at 9");
  }

  @Test
  void failedBulkBatchIsNarrowedToTheRecordsThatFailOnTheirOwn() {
    FlakyBulk bulk = new FlakyBulk();
    bulk.failures = 1;
    bulk.badOffset = 41;
    WorkProcessor<String, String> processor = processor(false, retries(2), false);

    Handling<String, String> handling = batch(RECORD, 3);
    runToEnd(processor, new Route<>(bulk), handling);

    assertThat(handling.handledOffset()).isEqualTo(43);
    assertThat(bulk.batches).isEqualTo(1);
    assertThat(bulk.singles).containsExactly(40L, 41L, 41L, 42L);
    assertThat(events).containsExactly("retry 1 after 100", "failed at 41");
  }

  @Test
  void aBulkHandlerGetsABatchListOfItsOwnThatItMayChange() {
    List<List<Long>> seen = new ArrayList<>();
    PaperboyBulkHandler<String, String> clearing =
        new PaperboyBulkHandler<>() {
          @Override
          public String topic() {
            return TOPIC;
          }

          @Override
          public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {}

          @Override
          public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
            seen.add(msgs.stream().map(ConsumerRecord::offset).toList());
            msgs.clear();
          }
        };
    WorkProcessor<String, String> processor = processor(true, RetryPolicy.none(), false);

    Handling<String, String> handling = batch(RECORD, 3);
    runToEnd(processor, new Route<>(clearing), handling);

    assertThat(seen).containsExactly(List.of(40L, 41L, 42L));
    assertThat(handling.work().records()).hasSize(3);
    assertThat(handling.handledOffset()).isEqualTo(43);
  }

  @Test
  void failedPlainBatchKeepsWhatWasHandledAndGoesOnOneByOneFromTheFailure() {
    handler.failOffset = 41;
    WorkProcessor<String, String> processor = processor(true, RetryPolicy.none(), false);

    Handling<String, String> handling = batch(RECORD, 3);
    processor.step(new Route<>(handler), handling);

    assertThat(handling.handledOffset()).isEqualTo(41);
    Step last = runToEnd(processor, handling);
    assertThat(last.fatalError()).hasMessage("bad record 41");
    assertThat(handling.handledOffset()).isEqualTo(41);
    assertThat(handler.offsets).containsExactly(40L, 41L, 41L);
  }

  private Step runToEnd(WorkProcessor<String, String> processor, Handling<String, String> h) {
    return runToEnd(processor, new Route<>(handler), h);
  }

  /** Steps until the unit is finished or fatal, noting the backoffs instead of waiting them. */
  private Step runToEnd(
      WorkProcessor<String, String> processor,
      Route<String, String> route,
      Handling<String, String> handling) {
    Step step = Step.CONTINUE;
    while (!handling.isFinished() && step.fatalError() == null) {
      step = processor.step(route, handling);
      if (step.isWait()) {
        waits.add(step.waitMs());
      }
    }
    return step;
  }

  private static Handling<String, String> records(ConsumerRecord<String, String> first) {
    return records(first, 1);
  }

  /** A unit of {@code count} records from {@code first} on, handled one by one. */
  private static Handling<String, String> records(ConsumerRecord<String, String> first, int count) {
    return new Handling<>(Work.records(following(first, count), 0));
  }

  /** A batch of {@code count} records from {@code first} on. */
  private static Handling<String, String> batch(ConsumerRecord<String, String> first, int count) {
    return new Handling<>(Work.batch(following(first, count), 0));
  }

  private static List<ConsumerRecord<String, String>> following(
      ConsumerRecord<String, String> first, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new ConsumerRecord<>(TOPIC, first.partition(), first.offset() + i, "k", "v"));
    }
    return records;
  }

  private static Serializer<Object> refusing() {
    return (topic, data) -> {
      throw new org.apache.kafka.common.errors.SerializationException("cannot write " + data);
    };
  }

  private WorkProcessor<String, String> processor(
      boolean failOnException, RetryPolicy retry, boolean deadLetter) {
    return processor(failOnException, retry, deadLetter ? producer : null);
  }

  private WorkProcessor<String, String> processor(
      boolean failOnException, RetryPolicy retry, MockProducer<byte[], byte[]> dlt) {
    DeadLetterPublisher publisher =
        dlt == null ? null : new DeadLetterPublisher(dlt, DeadLetterPolicy.defaults());
    return new WorkProcessor<>(failOnException, retry, publisher, listener, Interceptors.NONE);
  }

  private static Handling<String, String> pillAt(long offset) {
    return pillAt(offset, new byte[] {(byte) 0xff});
  }

  /** A poison pill on partition 1 at {@code offset}, its value {@code raw}, timestamp 1234. */
  private static Handling<String, String> pillAt(long offset, byte[] raw) {
    return new Handling<>(
        Work.poisonPill(
            PoisonPill.of(
                new TopicPartition(TOPIC, 1),
                offset,
                1234,
                null,
                raw,
                new RecordHeaders(),
                new IllegalArgumentException("bad bytes"))));
  }

  private static MockProducer<byte[], byte[]> failingProducer() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized java.util.concurrent.Future<
              org.apache.kafka.clients.producer.RecordMetadata>
          send(ProducerRecord<byte[], byte[]> record) {
        return java.util.concurrent.CompletableFuture.failedFuture(
            new org.apache.kafka.common.errors.TimeoutException("broker gone"));
      }
    };
  }

  private static RetryPolicy retries(int attempts) {
    return RetryPolicy.ofExponentialBackoff(
        attempts, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : text(header.value());
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static final class Flaky extends PaperboyHandler<String, String> {
    final List<Long> offsets = new ArrayList<>();
    int failures;
    int attempts;
    long failOffset = -1;

    @Override
    public String topic() {
      return TOPIC;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      attempts++;
      offsets.add(msg.offset());
      if (msg.offset() == failOffset) {
        throw new IllegalStateException("bad record " + msg.offset());
      }
      if (attempts <= failures) {
        throw new IllegalStateException("failure " + attempts);
      }
    }
  }

  /** Fails its first {@code failures} batches, and every single call on {@code badOffset}. */
  static final class FlakyBulk extends PaperboyBulkHandler<String, String> {
    final List<Long> singles = new ArrayList<>();
    int failures;
    int batches;
    long badOffset = -1;

    @Override
    public String topic() {
      return TOPIC;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      singles.add(msg.offset());
      if (msg.offset() == badOffset) {
        throw new IllegalStateException("bad record " + msg.offset());
      }
    }

    @Override
    public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
      batches++;
      if (batches <= failures) {
        throw new IllegalStateException("bulk failure " + batches);
      }
    }
  }
}
