package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.DeadLetterPolicy;
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
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class WorkProcessorTest {
  private static final String TOPIC = "orders";
  private static final ConsumerRecord<String, String> RECORD =
      new ConsumerRecord<>(TOPIC, 2, 40, "k", "v");

  private final Flaky handler = new Flaky();
  private final RecordedBackoff backoff = new RecordedBackoff();
  private final List<String> events = new ArrayList<>();
  private final PaperboyListener listener =
      new PaperboyListener() {
        @Override
        public void onRetry(
            List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception e, long ms) {
          events.add("retry " + attempt + " after " + ms);
        }

        @Override
        public void onDeadLettered(
            List<? extends ConsumerRecord<?, ?>> records, String topic, Exception e) {
          events.add("dead-lettered to " + topic);
        }
      };
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

  @Test
  void succeedsOnALaterAttemptWaitingTheBackoffBetween() {
    handler.failures = 2;
    WorkProcessor<String, String> processor = processor(true, retries(3), false);

    Outcome outcome = processor.handleRecord(RECORD, backoff);

    assertThat(outcome.isDone()).isTrue();
    assertThat(handler.attempts).isEqualTo(3);
    assertThat(backoff.waits).containsExactly(100L, 200L);
    assertThat(events).containsExactly("retry 1 after 100", "retry 2 after 200");
  }

  @Test
  void exhaustedRetriesAreFatalUnderFailOnException() {
    handler.failures = 5;
    WorkProcessor<String, String> processor = processor(true, retries(3), false);

    Outcome outcome = processor.handleRecord(RECORD, backoff);

    assertThat(outcome.fatalError()).hasMessage("failure 3");
    assertThat(handler.attempts).isEqualTo(3);
  }

  @Test
  void exhaustedRetriesAreSkippedWithoutFailOnException() {
    handler.failures = 5;
    WorkProcessor<String, String> processor = processor(false, retries(2), false);

    assertThat(processor.handleRecord(RECORD, backoff).isDone()).isTrue();
  }

  @Test
  void closingTheLaneAbandonsTheRetry() {
    handler.failures = 5;
    backoff.closed = true;
    WorkProcessor<String, String> processor = processor(true, retries(3), false);

    Outcome outcome = processor.handleRecord(RECORD, backoff);

    assertThat(outcome).isSameAs(Outcome.ABANDONED);
    assertThat(handler.attempts).isEqualTo(1);
  }

  @Test
  void deadLettersWhatStillFailsWithItsOriginAndError() {
    handler.failures = 5;
    WorkProcessor<String, String> processor = processor(true, retries(2), true);

    Outcome outcome = processor.handleRecord(RECORD, backoff);

    assertThat(outcome.isDone()).isTrue();
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
    assertThat(events).endsWith("dead-lettered to orders.DLT");
  }

  @Test
  void failedDeadLetterWriteIsFatalUnderFailOnException() {
    handler.failures = 1;
    MockProducer<byte[], byte[]> failing = failingProducer();
    WorkProcessor<String, String> processor = processor(true, RetryPolicy.none(), failing);

    Outcome outcome = processor.handleRecord(RECORD, backoff);

    assertThat(outcome.fatalError())
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("dead-letter write");
  }

  @Test
  void failedDeadLetterWriteIsRetriedWithoutFailOnException() {
    handler.failures = 1;
    MockProducer<byte[], byte[]> failing = failingProducer();
    backoff.closeAfterWaits = 3;
    WorkProcessor<String, String> processor = processor(false, RetryPolicy.none(), failing);

    Outcome outcome = processor.handleRecord(RECORD, backoff);

    assertThat(outcome).isSameAs(Outcome.ABANDONED);
    assertThat(backoff.waits).containsExactly(100L, 200L, 400L);
  }

  @Test
  void poisonPillIsDeadLetteredWithItsRawBytes() {
    WorkProcessor<String, String> processor = processor(true, RetryPolicy.none(), true);
    byte[] raw = {(byte) 0xff, 0x00, 0x7f};
    PoisonPill pill =
        PoisonPill.of(
            new TopicPartition(TOPIC, 1),
            9,
            1234,
            null,
            raw,
            new RecordHeaders(),
            new IllegalArgumentException("bad bytes"));

    Outcome outcome = processor.handlePoisonPill(pill, backoff);

    assertThat(outcome.isDone()).isTrue();
    ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
    assertThat(dead.value()).containsExactly(raw);
    assertThat(dead.key()).isNull();
    assertThat(header(dead, DeadLetterPolicy.HEADER_OFFSET)).isEqualTo("9");
    assertThat(header(dead, DeadLetterPolicy.HEADER_TIMESTAMP)).isEqualTo("1234");
  }

  @Test
  void bulkBatchIsRetriedAsAWhole() {
    FlakyBulk bulk = new FlakyBulk();
    bulk.failures = 1;
    WorkProcessor<String, String> processor =
        new WorkProcessor<>(Map.of(TOPIC, bulk), true, retries(2), null, listener);

    Outcome outcome = processor.handleBatch(List.of(RECORD, RECORD), backoff);

    assertThat(outcome.isDone()).isTrue();
    assertThat(bulk.batches).isEqualTo(2);
    assertThat(bulk.finishes).isEqualTo(2);
  }

  private WorkProcessor<String, String> processor(
      boolean failOnException, RetryPolicy retry, boolean deadLetter) {
    return processor(failOnException, retry, deadLetter ? producer : null);
  }

  private WorkProcessor<String, String> processor(
      boolean failOnException, RetryPolicy retry, MockProducer<byte[], byte[]> dlt) {
    DeadLetterPublisher publisher =
        dlt == null ? null : new DeadLetterPublisher(dlt, DeadLetterPolicy.defaults());
    return new WorkProcessor<>(Map.of(TOPIC, handler), failOnException, retry, publisher, listener);
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

  /** Records the waits instead of sleeping; can act as a closed lane. */
  static final class RecordedBackoff implements Backoff {
    final List<Long> waits = new ArrayList<>();
    boolean closed;
    int closeAfterWaits = Integer.MAX_VALUE;

    @Override
    public boolean await(long millis) {
      if (closed) {
        return false;
      }
      waits.add(millis);
      return waits.size() < closeAfterWaits;
    }
  }

  static final class Flaky extends PaperboyHandler<String, String> {
    int failures;
    int attempts;

    @Override
    public String topic() {
      return TOPIC;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      attempts++;
      if (attempts <= failures) {
        throw new IllegalStateException("failure " + attempts);
      }
    }
  }

  static final class FlakyBulk extends PaperboyBulkHandler<String, String> {
    int failures;
    int batches;
    int finishes;

    @Override
    public String topic() {
      return TOPIC;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {}

    @Override
    public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
      batches++;
      if (batches <= failures) {
        throw new IllegalStateException("bulk failure " + batches);
      }
    }

    @Override
    public void onFinishHandling(List<ConsumerRecord<String, String>> msgs, Context ctx) {
      finishes++;
    }
  }
}
