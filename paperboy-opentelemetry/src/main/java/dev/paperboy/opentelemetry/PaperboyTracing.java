package dev.paperboy.opentelemetry;

import dev.paperboy.PaperboyEngine;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;

/**
 * Traces engines with OpenTelemetry: every attempt at handling a record, or a batch in bulk mode,
 * becomes a CONSUMER span named {@code process <topic>} with the messaging attributes of
 * OpenTelemetry's semantic conventions, current while the handler runs.
 *
 * <pre>{@code
 * PaperboyTracing.create(openTelemetry).instrument(engine); // before engine.start()
 * }</pre>
 *
 * <p>A single record's span is a child of the producer's span, read from the record's headers
 * ({@code traceparent}) through the propagators of the given {@link OpenTelemetry}; a retried
 * record gets one span per attempt, each a child of the producer's span, with its attempt number. A
 * batch's span links to the distinct producer contexts of its records, at most {@link #MAX_LINKS}.
 * Spans are created with the tracer named {@code dev.paperboy.opentelemetry}. Immutable and
 * thread-safe; one instance can instrument several engines.
 */
public final class PaperboyTracing {
  /** The most producer contexts one batch span links to; the rest are counted, not linked. */
  public static final int MAX_LINKS = 128;

  static final String INSTRUMENTATION_NAME = "dev.paperboy.opentelemetry";

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private PaperboyTracing(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Tracing with this OpenTelemetry's tracer provider and text-map propagator (configure the W3C
   * trace-context propagator there: with none, every process span starts a trace of its own).
   */
  public static PaperboyTracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    TracerBuilder builder = openTelemetry.tracerBuilder(INSTRUMENTATION_NAME);
    String version = PaperboyTracing.class.getPackage().getImplementationVersion();
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    return new PaperboyTracing(
        builder.build(), openTelemetry.getPropagators().getTextMapPropagator());
  }

  /**
   * Adds the tracing interceptor and listener to {@code engine}; call it once per engine, before
   * {@link PaperboyEngine#start()}. Returns {@code engine}.
   *
   * @throws IllegalStateException if the engine was started
   */
  public <E extends PaperboyEngine<?, ?>> E instrument(E engine) {
    Objects.requireNonNull(engine, "engine");
    ProcessSpans spans =
        new ProcessSpans(tracer, propagator, engine::groupId, engine.options().retry(), MAX_LINKS);
    engine.addInterceptor(spans);
    engine.addListener(spans);
    return engine;
  }
}
