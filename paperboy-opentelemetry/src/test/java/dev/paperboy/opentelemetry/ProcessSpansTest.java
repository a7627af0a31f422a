package dev.paperboy.opentelemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import dev.paperboy.HandlingInterceptor;
import dev.paperboy.RetryPolicy;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessSpansTest {
  private static final RetryPolicy THREE_ATTEMPTS =
      RetryPolicy.ofFixedBackoff(3, Duration.ofMillis(250));

  private final TestTelemetry telemetry = new TestTelemetry();

  @AfterEach
  void closeSdk() {
    telemetry.close();
  }

  @Test
  void singleRecordSpanIsAChildOfTheProducersSpan() {
    SpanContext producer = telemetry.producerSpan("orders");
    ConsumerRecord<String, String> record = record("orders", 3, 42, "v", producer);

    spans(RetryPolicy.none()).begin(List.of(record), false, 1).end(null);

    SpanData span = onlyProcessSpan();
    assertThat(span)
        .hasName("process orders")
        .hasKind(SpanKind.CONSUMER)
        .hasTraceId(producer.getTraceId())
        .hasParentSpanId(producer.getSpanId())
        .hasLinksSatisfying(links -> assertThat(linked(links)).containsExactly(producer));
  }

  @Test
  void singleRecordSpanCarriesTheMessagingAttributes() {
    ConsumerRecord<String, String> record =
        record("orders", 3, 42, "v", telemetry.producerSpan("orders"));

    spans(RetryPolicy.none()).begin(List.of(record), false, 1).end(null);

    assertThat(onlyProcessSpan())
        .hasAttributesSatisfyingExactly(
            equalTo(MessagingAttributes.SYSTEM, "kafka"),
            equalTo(MessagingAttributes.OPERATION_NAME, "process"),
            equalTo(MessagingAttributes.OPERATION_TYPE, "process"),
            equalTo(MessagingAttributes.DESTINATION_NAME, "orders"),
            equalTo(MessagingAttributes.PARTITION_ID, "3"),
            equalTo(MessagingAttributes.CONSUMER_GROUP, "orders-service"),
            equalTo(MessagingAttributes.OFFSET, 42L),
            equalTo(MessagingAttributes.ATTEMPT, 1L));
  }

  @Test
  void tombstoneIsMarked() {
    ConsumerRecord<String, String> tombstone = record("users", 0, 7, null, null);

    spans(RetryPolicy.none()).begin(List.of(tombstone), false, 1).end(null);

    assertThat(onlyProcessSpan()).hasAttribute(MessagingAttributes.TOMBSTONE, true);
  }

  @Test
  void groupIsLeftOutWhileTheEngineDoesNotKnowIt() {
    ProcessSpans spans =
        new ProcessSpans(telemetry.tracer, propagator(), Optional::empty, RetryPolicy.none(), 128);

    spans.begin(List.of(record("orders", 0, 1, "v", null)), false, 1).end(null);

    assertThat(onlyProcessSpan().getAttributes().get(MessagingAttributes.CONSUMER_GROUP)).isNull();
  }

  @Test
  void recordWithoutProducerContextStartsATraceOfItsOwn() {
    ConsumerRecord<String, String> record = record("orders", 0, 1, "v", null);

    spans(RetryPolicy.none()).begin(List.of(record), false, 1).end(null);

    assertThat(onlyProcessSpan()).hasNoParent().hasTotalRecordedLinks(0);
  }

  @Test
  void recordHandledInsideAnotherSpanKeepsThatSpanAsALink() {
    SpanContext producer = telemetry.producerSpan("orders");
    Span around = telemetry.tracer.spanBuilder("around").startSpan();

    Scope aroundScope = around.makeCurrent();
    spans(RetryPolicy.none())
        .begin(List.of(record("orders", 0, 1, "v", producer)), false, 1)
        .end(null);
    aroundScope.close();
    around.end();

    SpanData span = processSpan("process orders");
    assertThat(span).hasParentSpanId(producer.getSpanId());
    assertThat(linked(span.getLinks())).containsExactly(producer, around.getSpanContext());
  }

  @Test
  void spanIsCurrentWhileTheHandlerRuns() {
    ConsumerRecord<String, String> record =
        record("orders", 0, 1, "v", telemetry.producerSpan("orders"));

    HandlingInterceptor.Scope scope = spans(RetryPolicy.none()).begin(List.of(record), false, 1);
    SpanContext current = Span.current().getSpanContext();
    telemetry.tracer.spanBuilder("save order").startSpan().end();
    scope.end(null);

    SpanData process = processSpan("process orders");
    assertThat(current).isEqualTo(process.getSpanContext());
    assertThat(processSpan("save order")).hasParent(process);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void failedAttemptHasErrorStatusTypeAndException() {
    IllegalStateException error = new IllegalStateException("no such customer");

    spans(RetryPolicy.none())
        .begin(List.of(record("orders", 0, 1, "v", null)), false, 1)
        .end(error);

    SpanData span = onlyProcessSpan();
    assertThat(span)
        .hasStatus(StatusData.create(StatusCode.ERROR, "no such customer"))
        .hasAttribute(MessagingAttributes.ERROR_TYPE, "java.lang.IllegalStateException")
        .hasException(error);
    assertThat(span.getEvents()).noneMatch(e -> e.getName().equals("paperboy.retry"));
  }

  @Test
  void retriedAttemptEndsWithARetryEventWhenTheEngineRetries() {
    ProcessSpans spans = spans(THREE_ATTEMPTS);
    SpanContext producer = telemetry.producerSpan("orders");
    ConsumerRecord<String, String> record = record("orders", 0, 1, "v", producer);
    IOException error = new IOException("database unavailable");

    spans.begin(List.of(record), false, 1).end(error);
    List<SpanData> beforeRetry = telemetry.processSpans();
    spans.onRetry(List.of(record), 1, error, 250);
    spans.begin(List.of(record), false, 2).end(null);

    assertThat(beforeRetry).isEmpty();
    List<SpanData> attempts = telemetry.processSpans();
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0))
        .hasParentSpanId(producer.getSpanId())
        .hasAttribute(MessagingAttributes.ATTEMPT, 1L)
        .hasEventsSatisfyingExactly(
            event -> event.hasName("exception"),
            event ->
                event
                    .hasName("paperboy.retry")
                    .hasAttributesSatisfyingExactly(
                        equalTo(MessagingAttributes.RETRY_BACKOFF_MS, 250L)));
    assertThat(attempts.get(1))
        .hasParentSpanId(producer.getSpanId())
        .hasAttribute(MessagingAttributes.ATTEMPT, 2L)
        .hasStatus(StatusData.unset());
  }

  @Test
  void lastAttemptEndsWithItsScope() {
    spans(THREE_ATTEMPTS)
        .begin(List.of(record("orders", 0, 1, "v", null)), false, 3)
        .end(new IOException("still down"));

    assertThat(onlyProcessSpan()).hasAttribute(MessagingAttributes.ATTEMPT, 3L);
  }

  @Test
  void errorThePolicyDoesNotRetryEndsWithItsScope() {
    RetryPolicy policy = THREE_ATTEMPTS.noRetryFor(IllegalArgumentException.class);

    spans(policy)
        .begin(List.of(record("orders", 0, 1, "v", null)), false, 1)
        .end(new IllegalArgumentException("not an order"));

    assertThat(onlyProcessSpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void spanAwaitingARetryThatDoesNotComeEndsWhenTheRecordFailsForGood() {
    ProcessSpans spans = spans(THREE_ATTEMPTS);
    ConsumerRecord<String, String> record = record("orders", 0, 1, "v", null);
    IOException error = new IOException("database unavailable");

    spans.begin(List.of(record), false, 1).end(error);
    spans.onHandlingFailed(List.of(record), error, true);

    assertThat(onlyProcessSpan().getEvents()).noneMatch(e -> e.getName().equals("paperboy.retry"));
  }

  @Test
  void spanAwaitingARetryThatDoesNotComeEndsAtTheNextAttemptAtItsRecord() {
    ProcessSpans spans = spans(THREE_ATTEMPTS);
    ConsumerRecord<String, String> record = record("orders", 0, 1, "v", null);

    spans.begin(List.of(record), false, 1).end(new IOException("database unavailable"));
    HandlingInterceptor.Scope second = spans.begin(List.of(record), false, 2);
    List<SpanData> whileSecondRuns = telemetry.processSpans();
    second.end(null);

    assertThat(whileSecondRuns)
        .singleElement()
        .satisfies(span -> assertThat(span).hasAttribute(MessagingAttributes.ATTEMPT, 1L));
    assertThat(telemetry.processSpans()).hasSize(2);
  }

  @Test
  void batchSpanLinksEachDistinctProducerContextOnce() {
    SpanContext first = telemetry.producerSpan("users");
    SpanContext second = telemetry.producerSpan("users");
    List<ConsumerRecord<String, String>> batch =
        List.of(
            record("users", 2, 10, "a", first),
            record("users", 2, 11, "b", first),
            record("users", 2, 12, "c", null),
            record("users", 2, 13, "d", second));

    spans(THREE_ATTEMPTS).begin(batch, true, 1).end(null);

    SpanData span = onlyProcessSpan();
    assertThat(span)
        .hasName("process users")
        .hasKind(SpanKind.CONSUMER)
        .hasNoParent()
        .hasAttributesSatisfyingExactly(
            equalTo(MessagingAttributes.SYSTEM, "kafka"),
            equalTo(MessagingAttributes.OPERATION_NAME, "process"),
            equalTo(MessagingAttributes.OPERATION_TYPE, "process"),
            equalTo(MessagingAttributes.DESTINATION_NAME, "users"),
            equalTo(MessagingAttributes.PARTITION_ID, "2"),
            equalTo(MessagingAttributes.CONSUMER_GROUP, "orders-service"),
            equalTo(MessagingAttributes.BATCH_MESSAGE_COUNT, 4L),
            equalTo(MessagingAttributes.LINKS_DROPPED, 0L));
    assertThat(linked(span.getLinks())).containsExactly(first, second);
  }

  @Test
  void batchLinksStopAtTheCapAndCountTheRest() {
    List<ConsumerRecord<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(record("users", 0, i, "v", telemetry.producerSpan("users")));
    }

    spans(RetryPolicy.none()).begin(batch, true, 1).end(null);

    SpanData span = onlyProcessSpan();
    assertThat(span.getLinks()).hasSize(PaperboyTracing.MAX_LINKS);
    assertThat(span)
        .hasAttribute(MessagingAttributes.BATCH_MESSAGE_COUNT, 200L)
        .hasAttribute(MessagingAttributes.LINKS_DROPPED, 72L);
  }

  @Test
  void failedBatchEndsWithItsScopeWhateverTheRetryPolicy() {
    List<ConsumerRecord<String, String>> batch =
        List.of(record("users", 0, 1, "a", null), record("users", 0, 2, "b", null));

    spans(THREE_ATTEMPTS).begin(batch, true, 1).end(new IOException("bulk insert failed"));

    assertThat(onlyProcessSpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  private ProcessSpans spans(RetryPolicy retry) {
    return new ProcessSpans(
        telemetry.tracer,
        propagator(),
        () -> Optional.of("orders-service"),
        retry,
        PaperboyTracing.MAX_LINKS);
  }

  private TextMapPropagator propagator() {
    return telemetry.sdk.getPropagators().getTextMapPropagator();
  }

  private SpanData onlyProcessSpan() {
    List<SpanData> spans = telemetry.processSpans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private SpanData processSpan(String name) {
    return telemetry.processSpans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + ": " + telemetry.processSpans()));
  }

  private static List<SpanContext> linked(List<? extends LinkData> links) {
    return links.stream().map(LinkData::getSpanContext).map(ProcessSpansTest::plain).toList();
  }

  /** Links hold remote contexts; compare them by ids and flags only. */
  private static SpanContext plain(SpanContext context) {
    return SpanContext.create(
        context.getTraceId(),
        context.getSpanId(),
        context.getTraceFlags(),
        context.getTraceState());
  }

  private ConsumerRecord<String, String> record(
      String topic, int partition, long offset, String value, SpanContext producer) {
    Headers headers = producer == null ? new RecordHeaders() : telemetry.headersOf(producer);
    return new ConsumerRecord<>(
        topic,
        partition,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        "key-" + offset,
        value,
        headers,
        Optional.empty());
  }
}
