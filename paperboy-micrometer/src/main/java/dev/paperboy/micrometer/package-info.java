/**
 * Micrometer meters for Paperboy engines: {@link dev.paperboy.micrometer.PaperboyMetrics}. An
 * optional adapter over the engine's listener, handling interceptor and status; the core does not
 * depend on Micrometer.
 */
package dev.paperboy.micrometer;
