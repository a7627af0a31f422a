package dev.paperboy.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An OpenTelemetry SDK that keeps finished spans in memory and propagates W3C trace context, with
 * the producer side of a trace: a PRODUCER span and the headers it would put on its record.
 */
final class TestTelemetry implements AutoCloseable {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  final Tracer tracer = sdk.getTracer("test");

  /** A finished PRODUCER span, as the service that sent a record would have made it. */
  SpanContext producerSpan(String topic) {
    Span span = tracer.spanBuilder("send " + topic).setSpanKind(SpanKind.PRODUCER).startSpan();
    span.end();
    return span.getSpanContext();
  }

  /** The headers a producer instrumented with W3C trace context writes for {@code producer}. */
  Headers headersOf(SpanContext producer) {
    Headers headers = new RecordHeaders();
    sdk.getPropagators()
        .getTextMapPropagator()
        .inject(
            Context.root().with(Span.wrap(producer)),
            headers,
            (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }

  /** Finished spans other than the producers' made by {@link #producerSpan}. */
  List<SpanData> processSpans() {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() != SpanKind.PRODUCER)
        .toList();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
