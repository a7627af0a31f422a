package dev.paperboy.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one health check: its name, whether it is up, and data that explain it. Immutable;
 * the data keep their insertion order. Values are {@code String}, {@code Long} or {@code Boolean},
 * the types MicroProfile Health allows, so every framework's health endpoint can carry them.
 *
 * @param name what was checked, such as {@code paperboy-live}
 * @param status up or down
 * @param data what the check saw (engine state, lag, times) and, when down, a {@code reason}
 */
public record HealthCheck(String name, HealthStatus status, Map<String, Object> data) {

  /**
   * A check result; {@code data} is copied.
   *
   * @throws IllegalArgumentException if a value is not a {@code String}, {@code Long} or {@code
   *     Boolean}
   */
  public HealthCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Map<String, Object> copy = new LinkedHashMap<>();
    data.forEach(
        (key, value) -> {
          Objects.requireNonNull(key, "data key");
          if (!(value instanceof String || value instanceof Long || value instanceof Boolean)) {
            throw new IllegalArgumentException(
                "data value of "
                    + key
                    + " must be a String, Long or Boolean: "
                    + (value == null ? "null" : value.getClass().getName()));
          }
          copy.put(key, value);
        });
    data = Collections.unmodifiableMap(copy);
  }

  /** Whether the check passed. */
  public boolean isUp() {
    return status == HealthStatus.UP;
  }
}
