/**
 * Health probes for a Paperboy engine: {@link dev.paperboy.health.EngineHealth} judges whether an
 * engine has started, is ready for traffic and is alive (making progress), and {@link
 * dev.paperboy.health.HealthServer} serves those checks over HTTP for Kubernetes, in MicroProfile
 * Health's JSON, with the JDK's own HTTP server. The checks are plain values ({@link
 * dev.paperboy.health.HealthCheck}), so an adapter to another framework's health endpoint is a few
 * lines.
 *
 * <p>Parameters and return values are non-null.
 */
package dev.paperboy.health;
