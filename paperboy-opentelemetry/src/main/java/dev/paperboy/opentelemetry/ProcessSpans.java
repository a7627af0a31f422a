package dev.paperboy.opentelemetry;

import static dev.paperboy.opentelemetry.MessagingAttributes.ATTEMPT;
import static dev.paperboy.opentelemetry.MessagingAttributes.BATCH_MESSAGE_COUNT;
import static dev.paperboy.opentelemetry.MessagingAttributes.CONSUMER_GROUP;
import static dev.paperboy.opentelemetry.MessagingAttributes.DESTINATION_NAME;
import static dev.paperboy.opentelemetry.MessagingAttributes.ERROR_TYPE;
import static dev.paperboy.opentelemetry.MessagingAttributes.KAFKA;
import static dev.paperboy.opentelemetry.MessagingAttributes.LINKS_DROPPED;
import static dev.paperboy.opentelemetry.MessagingAttributes.OFFSET;
import static dev.paperboy.opentelemetry.MessagingAttributes.OPERATION_NAME;
import static dev.paperboy.opentelemetry.MessagingAttributes.OPERATION_TYPE;
import static dev.paperboy.opentelemetry.MessagingAttributes.PARTITION_ID;
import static dev.paperboy.opentelemetry.MessagingAttributes.PROCESS;
import static dev.paperboy.opentelemetry.MessagingAttributes.RETRY_BACKOFF_MS;
import static dev.paperboy.opentelemetry.MessagingAttributes.RETRY_EVENT;
import static dev.paperboy.opentelemetry.MessagingAttributes.SYSTEM;
import static dev.paperboy.opentelemetry.MessagingAttributes.TOMBSTONE;

import dev.paperboy.HandlingInterceptor;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Gives every handling attempt a CONSUMER span named {@code process <topic>}: a single record's is
 * a child of the producer's context found in its headers; a batch's links to each distinct producer
 * context, up to a cap. The span is current from {@link #begin} to the scope's end, on the handler
 * thread, so the handler's own spans nest under it.
 *
 * <p>Why a failed span can outlive its scope: the engine ends the scope before it decides on a
 * retry and tells {@link #onRetry}. When the engine's {@link RetryPolicy} will retry the failed
 * attempt, its span stays open, keyed by the record, until that call (made on the same thread right
 * after) adds the retry event and ends it; {@link #onHandlingFailed} or the next attempt at the
 * record ends it too, should the call not come. Every other span ends with its scope.
 */
final class ProcessSpans implements HandlingInterceptor, PaperboyListener {
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Supplier<Optional<String>> groupId;
  private final RetryPolicy retry;
  private final int maxLinks;
  private final Map<ConsumerRecord<?, ?>, Span> awaitingRetry = new ConcurrentHashMap<>();

  ProcessSpans(
      Tracer tracer,
      TextMapPropagator propagator,
      Supplier<Optional<String>> groupId,
      RetryPolicy retry,
      int maxLinks) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.groupId = groupId;
    this.retry = retry;
    this.maxLinks = maxLinks;
  }

  @Override
  public Scope begin(List<? extends ConsumerRecord<?, ?>> records, boolean batch, int attempt) {
    if (records.isEmpty()) {
      return Scope.NONE;
    }
    ConsumerRecord<?, ?> first = records.get(0);
    if (!batch) {
      endAwaitingRetry(first);
    }
    Context ambient = Context.current();
    SpanBuilder builder =
        tracer
            .spanBuilder(PROCESS + " " + first.topic())
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(SYSTEM, KAFKA)
            .setAttribute(OPERATION_NAME, PROCESS)
            .setAttribute(OPERATION_TYPE, PROCESS)
            .setAttribute(DESTINATION_NAME, first.topic())
            .setAttribute(PARTITION_ID, String.valueOf(first.partition()));
    groupId.get().ifPresent(group -> builder.setAttribute(CONSUMER_GROUP, group));
    Context parent =
        batch
            ? batchParent(builder, records, ambient)
            : recordParent(builder, first, attempt, ambient);
    Span span = builder.setParent(parent).startSpan();
    io.opentelemetry.context.Scope current = parent.with(span).makeCurrent();
    return error -> {
      current.close();
      end(span, batch ? null : first, attempt, error);
    };
  }

  /**
   * The failed attempt's span gets the retry event and ends. Called on the handler thread right
   * after the attempt's scope ended.
   */
  @Override
  public void onRetry(
      List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception error, long backoffMs) {
    for (ConsumerRecord<?, ?> record : records) {
      Span span = awaitingRetry.remove(record);
      if (span != null) {
        span.addEvent(RETRY_EVENT, Attributes.of(RETRY_BACKOFF_MS, backoffMs));
        span.end();
      }
    }
  }

  /** A span still waiting for a retry that will not come ends now. */
  @Override
  public void onHandlingFailed(
      List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
    records.forEach(this::endAwaitingRetry);
  }

  /**
   * A single record's parent: the producer's context from its headers, also linked (as the
   * messaging conventions ask of every process span), with the ambient span, if any, linked so it
   * is not lost. Without a producer context, the ambient context.
   */
  private Context recordParent(
      SpanBuilder builder, ConsumerRecord<?, ?> record, int attempt, Context ambient) {
    builder.setAttribute(OFFSET, record.offset()).setAttribute(ATTEMPT, (long) attempt);
    if (record.value() == null) {
      builder.setAttribute(TOMBSTONE, true);
    }
    Context extracted = propagator.extract(ambient, record.headers(), KafkaHeadersGetter.INSTANCE);
    SpanContext producer = Span.fromContext(extracted).getSpanContext();
    SpanContext around = Span.fromContext(ambient).getSpanContext();
    if (!producer.isValid() || producer.equals(around)) {
      return ambient;
    }
    builder.addLink(producer);
    if (around.isValid()) {
      builder.addLink(around);
    }
    return extracted;
  }

  /**
   * A batch's parent is the ambient context (a span has one parent, a batch many producers); the
   * producers' distinct contexts become links, the first {@code maxLinks} of them.
   */
  private Context batchParent(
      SpanBuilder builder, List<? extends ConsumerRecord<?, ?>> records, Context ambient) {
    Set<SpanContext> producers = new LinkedHashSet<>();
    for (ConsumerRecord<?, ?> record : records) {
      Context extracted =
          propagator.extract(Context.root(), record.headers(), KafkaHeadersGetter.INSTANCE);
      SpanContext producer = Span.fromContext(extracted).getSpanContext();
      if (producer.isValid()) {
        producers.add(producer);
      }
    }
    Iterator<SpanContext> linked = producers.iterator();
    for (int i = 0; i < maxLinks && linked.hasNext(); i++) {
      builder.addLink(linked.next());
    }
    builder
        .setAttribute(BATCH_MESSAGE_COUNT, (long) records.size())
        .setAttribute(LINKS_DROPPED, (long) Math.max(0, producers.size() - maxLinks));
    return ambient;
  }

  private void end(Span span, ConsumerRecord<?, ?> record, int attempt, Exception error) {
    if (error == null) {
      span.end();
      return;
    }
    String message = error.getMessage();
    span.setStatus(StatusCode.ERROR, message == null ? "" : message);
    span.setAttribute(ERROR_TYPE, error.getClass().getName());
    span.recordException(error);
    if (record != null && willRetry(error, attempt)) {
      awaitingRetry.put(record, span);
    } else {
      span.end();
    }
  }

  /** Whether the engine tries the record again, by the rule {@link RetryPolicy} documents. */
  private boolean willRetry(Exception error, int attempt) {
    try {
      return attempt < retry.maxAttempts() && retry.retries(error);
    } catch (RuntimeException e) {
      return false; // a user condition that throws: the span ends now, without the retry event
    }
  }

  private void endAwaitingRetry(ConsumerRecord<?, ?> record) {
    Span span = awaitingRetry.remove(record);
    if (span != null) {
      span.end();
    }
  }
}
