/**
 * OpenTelemetry tracing for a Paperboy engine: {@link dev.paperboy.opentelemetry.PaperboyTracing}
 * gives every handling attempt a process span, a child of the producer's span for a single record
 * and linked to every producer's span for a batch, current while the handler runs.
 *
 * <p>Compiles against {@code opentelemetry-api} only; the SDK, its exporters and its propagators
 * are the application's.
 */
package dev.paperboy.opentelemetry;
