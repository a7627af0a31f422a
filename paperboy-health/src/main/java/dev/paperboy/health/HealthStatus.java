package dev.paperboy.health;

/** The outcome of a health check, as MicroProfile Health and Kubernetes probes know it. */
public enum HealthStatus {
  /** The check passed: the HTTP server answers 200. */
  UP,
  /** The check failed: the HTTP server answers 503, and a probe counts a failure. */
  DOWN;

  /** {@link #UP} when every check is up, else {@link #DOWN}; {@code UP} for no checks. */
  public static HealthStatus of(Iterable<HealthCheck> checks) {
    for (HealthCheck check : checks) {
      if (check.status() == DOWN) {
        return DOWN;
      }
    }
    return UP;
  }
}
