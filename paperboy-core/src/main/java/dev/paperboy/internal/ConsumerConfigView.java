package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The few consumer settings the engine reads. Values are never logged wholesale: the configuration
 * may hold secrets (SASL and SSL passwords, JAAS configs).
 */
final class ConsumerConfigView {
  static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

  private final Map<String, Object> config;

  ConsumerConfigView(Map<String, Object> config) {
    this.config = config;
  }

  /** {@code max.poll.interval.ms}, or Kafka's default when unset. */
  long maxPollIntervalMs() {
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

  String bootstrapServers() {
    return String.valueOf(config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
  }

  String groupId() {
    return String.valueOf(config.get(ConsumerConfig.GROUP_ID_CONFIG));
  }
}
