package dev.paperboy.opentelemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.RetryPolicy;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Process spans of a real engine consuming from a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class TracingIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final TestTelemetry telemetry = new TestTelemetry();
  private final List<PaperboyEngine<?, ?>> engines = new ArrayList<>();

  @AfterEach
  void stopEngines() {
    engines.forEach(PaperboyEngine::close);
    telemetry.close();
  }

  @Test
  void singleRecordSpanIsAChildOfTheProducersAndTheParentOfTheHandlers(EmbeddedKafka kafka) {
    String topic = newTopic(kafka, "orders");
    String group = EmbeddedKafka.uniqueName("orders-service");
    Orders orders = new Orders(telemetry.tracer);
    SpanContext producer = produce(kafka, topic, "order-1");

    // tag::instrument[]
    OpenTelemetry openTelemetry = telemetry.sdk; // the application's, with W3C propagation
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(kafka.bootstrapServers())
            .groupId(group)
            .config("auto.offset.reset", "earliest")
            .handler(topic, (msg, ctx) -> orders.save(msg.value()))
            .build();
    PaperboyTracing.create(openTelemetry).instrument(engine); // before engine.start()
    // end::instrument[]
    start(engine);
    Await.until(DEADLINE, () -> spansNamed("INSERT orders").size() == 1, "the order saved");

    SpanData process = onlySpanNamed("process " + topic);
    assertThat(process)
        .hasTraceId(producer.getTraceId())
        .hasParentSpanId(producer.getSpanId())
        .hasAttribute(MessagingAttributes.CONSUMER_GROUP, group)
        .hasAttribute(MessagingAttributes.OFFSET, 0L)
        .hasAttribute(MessagingAttributes.PARTITION_ID, "0");
    assertThat(process.getInstrumentationScopeInfo().getName())
        .isEqualTo("dev.paperboy.opentelemetry");
    assertThat(onlySpanNamed("INSERT orders")).hasParent(process);
  }

  @Test
  void batchGetsOneSpanLinkedToEveryProducer(EmbeddedKafka kafka) {
    String topic = newTopic(kafka, "users");
    List<SpanContext> producers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      producers.add(produce(kafka, topic, "user-" + i));
    }
    Users users = new Users(topic, telemetry.tracer);
    EngineOptions bulk =
        EngineOptions.builder()
            .withBulkMode(true)
            .bulkModeThreshold(null)
            .bulkModeMaxRecords(5)
            .bulkModeTimeoutMs(30_000)
            .shutdownHook(false)
            .build();

    start(instrumented(kafka, users, bulk));
    Await.until(DEADLINE, () -> spansNamed("INSERT users").size() == 1, "the batch saved");

    SpanData batch = onlySpanNamed("process " + topic);
    assertThat(batch)
        .hasNoParent()
        .hasAttribute(MessagingAttributes.BATCH_MESSAGE_COUNT, 5L)
        .hasAttribute(MessagingAttributes.LINKS_DROPPED, 0L);
    assertThat(batch.getLinks().stream().map(LinkData::getSpanContext).map(SpanContext::getSpanId))
        .containsExactlyElementsOf(producers.stream().map(SpanContext::getSpanId).toList());
    assertThat(users.batchSizes).containsExactly(5);
    assertThat(onlySpanNamed("INSERT users")).hasParent(batch);
  }

  @Test
  void failingRecordGetsAnErrorSpanPerAttempt(EmbeddedKafka kafka) {
    String topic = newTopic(kafka, "payments");
    SpanContext producer = produce(kafka, topic, "bad");
    PaperboyHandler<String, String> failing =
        PaperboyHandler.of(
            topic,
            (msg, ctx) -> {
              throw new IllegalStateException("cannot pay " + msg.value());
            });
    EngineOptions twoAttempts =
        EngineOptions.builder()
            .failOnException(false)
            .retry(RetryPolicy.ofFixedBackoff(2, Duration.ofMillis(50)))
            .shutdownHook(false)
            .build();

    start(instrumented(kafka, failing, twoAttempts));
    Await.until(DEADLINE, () -> spansNamed("process " + topic).size() == 2, "two attempts");

    List<SpanData> attempts = spansNamed("process " + topic);
    for (SpanData attempt : attempts) {
      assertThat(attempt)
          .hasParentSpanId(producer.getSpanId())
          .hasAttribute(MessagingAttributes.ERROR_TYPE, IllegalStateException.class.getName());
      assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(attempt.getStatus().getDescription()).isEqualTo("cannot pay bad");
    }
    assertThat(attempts)
        .extracting(s -> s.getAttributes().get(MessagingAttributes.ATTEMPT))
        .containsExactly(1L, 2L);
    assertThat(attempts.get(0).getEvents()).anyMatch(e -> e.getName().equals("paperboy.retry"));
    assertThat(attempts.get(1).getEvents()).noneMatch(e -> e.getName().equals("paperboy.retry"));
  }

  @Test
  void deadLetteredRecordCarriesItsProducersContextToTheDeadLetterTopic(EmbeddedKafka kafka) {
    String topic = newTopic(kafka, "invoices");
    kafka.createTopic(topic + ".DLT", 1);
    SpanContext producer = produce(kafka, topic, "broken");
    String original = header(onlyRecord(kafka, topic), "traceparent");
    List<String> deadLetterParents = new CopyOnWriteArrayList<>();
    PaperboyHandler<String, String> failing =
        PaperboyHandler.of(
            topic,
            (msg, ctx) -> {
              throw new IllegalArgumentException("unreadable invoice");
            });
    PaperboyHandler<String, String> deadLetters =
        PaperboyHandler.of(
            topic + ".DLT", (msg, ctx) -> deadLetterParents.add(header(msg, "traceparent")));
    EngineOptions toDeadLetters =
        EngineOptions.builder().deadLetter(DeadLetterPolicy.defaults()).shutdownHook(false).build();

    start(instrumented(kafka, List.of(failing, deadLetters), toDeadLetters));
    Await.until(DEADLINE, () -> !deadLetterParents.isEmpty(), "the dead letter handled");

    assertThat(deadLetterParents).containsExactly(original);
    assertThat(onlySpanNamed("process " + topic))
        .hasParentSpanId(producer.getSpanId())
        .hasAttribute(MessagingAttributes.ERROR_TYPE, IllegalArgumentException.class.getName());
    assertThat(onlySpanNamed("process " + topic + ".DLT"))
        .hasTraceId(producer.getTraceId())
        .hasParentSpanId(producer.getSpanId());
  }

  /** Stands for the application's database, instrumented: saving makes a span. */
  private static final class Orders {
    private final Tracer tracer;

    Orders(Tracer tracer) {
      this.tracer = tracer;
    }

    void save(String order) {
      tracer.spanBuilder("INSERT orders").setAttribute("order", order).startSpan().end();
    }
  }

  /** A bulk handler that saves each batch in one statement. */
  private static final class Users extends PaperboyBulkHandler<String, String> {
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final String topic;
    private final Tracer tracer;

    Users(String topic, Tracer tracer) {
      this.topic = topic;
      this.tracer = tracer;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) {
      batchSizes.add(msgs.size());
      tracer.spanBuilder("INSERT users").startSpan().end();
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      throw new AssertionError("bulk mode only: " + msg);
    }
  }

  private static String newTopic(EmbeddedKafka kafka, String prefix) {
    String topic = EmbeddedKafka.uniqueName(prefix);
    kafka.createTopic(topic, 1);
    return topic;
  }

  /** Produces {@code value} to partition 0 from a producer span of its own, and returns it. */
  private SpanContext produce(EmbeddedKafka kafka, String topic, String value) {
    SpanContext producer = telemetry.producerSpan(topic);
    kafka.send(
        List.of(
            new ProducerRecord<>(
                topic, 0, bytes(value), bytes(value), telemetry.headersOf(producer))));
    return producer;
  }

  private PaperboyEngine<String, String> instrumented(
      EmbeddedKafka kafka, PaperboyHandler<String, String> handler, EngineOptions options) {
    return instrumented(kafka, List.of(handler), options);
  }

  private PaperboyEngine<String, String> instrumented(
      EmbeddedKafka kafka, List<PaperboyHandler<String, String>> handlers, EngineOptions options) {
    var builder =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(kafka.bootstrapServers())
            .groupId(EmbeddedKafka.uniqueName("group"))
            .config("auto.offset.reset", "earliest")
            .options(options);
    handlers.forEach(builder::handler);
    return PaperboyTracing.create(telemetry.sdk).instrument(builder.build());
  }

  private void start(PaperboyEngine<String, String> engine) {
    engines.add(engine);
    Thread thread = new Thread(engine::start, "engine-" + engines.size());
    thread.setDaemon(true);
    thread.start();
  }

  private List<SpanData> spansNamed(String name) {
    return telemetry.exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .toList();
  }

  private SpanData onlySpanNamed(String name) {
    List<SpanData> spans = spansNamed(name);
    assertThat(spans).as("spans named %s", name).hasSize(1);
    return spans.get(0);
  }

  private static ConsumerRecord<byte[], byte[]> onlyRecord(EmbeddedKafka kafka, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, 1, DEADLINE);
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
