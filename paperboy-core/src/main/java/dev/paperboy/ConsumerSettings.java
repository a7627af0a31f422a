package dev.paperboy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Checks the consumer configuration an engine returned and completes it. Paperboy commits offsets
 * itself once records are handled, so it refuses {@code enable.auto.commit=true} (which would
 * commit records before they are handled) and turns auto-commit off where the user left it unset.
 * Values are never logged or echoed in errors, since the configuration may hold secrets.
 */
final class ConsumerSettings {
  static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

  private ConsumerSettings() {}

  /** A copy of {@code config} with auto-commit off; throws if auto-commit was turned on. */
  static Map<String, Object> checked(Map<String, Object> config) {
    if (config == null) {
      throw new PaperboyException(
          "configureConsumer() returned null: return the consumer's config");
    }
    Map<String, Object> checked = new HashMap<>(config);
    Object autoCommit = checked.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
    if (autoCommit == null) {
      checked.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    } else if (!"false".equalsIgnoreCase(String.valueOf(autoCommit).trim())) {
      throw new PaperboyException(
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG
              + "="
              + autoCommit
              + " is not allowed: Paperboy commits offsets itself, only after records are handled."
              + " Remove the setting or set it to false (use EngineOptions.withCommit(false) to"
              + " never commit).");
    }
    return checked;
  }

  /** The consumer's {@code max.poll.interval.ms}, or Kafka's default when unset. */
  static long maxPollIntervalMs(Map<String, Object> config) {
    Object value = config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    if (value == null) {
      return DEFAULT_MAX_POLL_INTERVAL_MS;
    }
    try {
      return Long.parseLong(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new PaperboyException(
          ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG
              + " must be a number of milliseconds: "
              + value);
    }
  }
}
