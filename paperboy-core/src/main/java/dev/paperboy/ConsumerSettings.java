package dev.paperboy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Checks the consumer configuration an engine returned and completes it, and is the one place that
 * reads the settings the engine itself needs from it (besides the start-up check, {@link
 * ConfigDoctor}). Paperboy commits offsets itself once records are handled, so it refuses {@code
 * enable.auto.commit=true} (which would commit records before they are handled) and turns
 * auto-commit off where the user left it unset. Values are never logged or echoed in errors, since
 * the configuration may hold secrets.
 */
final class ConsumerSettings {
  private static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;
  private static final long ACK_WAIT_MARGIN_MS = 5_000;

  private ConsumerSettings() {}

  /**
   * The consumer's socket receive buffer where the user left it unset: -1, the operating system's,
   * which grows with the transfer. The client's default sets 64 KB on the socket, which on Linux
   * also turns the kernel's tuning off, so the broker can send only that far ahead of a poll thread
   * that is busy handing records over instead of reading.
   */
  static final int RECEIVE_BUFFER_BYTES = -1;

  /**
   * A copy of {@code config} with auto-commit off and, unless set, the system's receive buffer;
   * throws if auto-commit was turned on.
   */
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
    checked.putIfAbsent(ConsumerConfig.RECEIVE_BUFFER_CONFIG, RECEIVE_BUFFER_BYTES);
    return checked;
  }

  /** {@code bootstrap.servers}, as the user wrote it (for reports: it holds no secret). */
  static String bootstrapServers(Map<String, Object> config) {
    return String.valueOf(config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
  }

  /** {@code group.id}, or null. */
  static String groupId(Map<String, Object> config) {
    Object group = config.get(ConsumerConfig.GROUP_ID_CONFIG);
    return group == null ? null : String.valueOf(group);
  }

  /** {@code max.poll.interval.ms}, or Kafka's default when unset (or not a number). */
  static long maxPollIntervalMs(Map<String, Object> config) {
    return ConfigDoctor.number(config, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)
        .orElse(ConfigLimits.DEFAULT_MAX_POLL_INTERVAL_MS);
  }

  /**
   * The dead-letter producer's configuration: the consumer's connection and security settings
   * ({@code bootstrap.servers}, {@code client.dns.lookup}, {@code security.*}, {@code sasl.*},
   * {@code ssl.*}), durable writes, then the policy's own settings.
   */
  static Map<String, Object> deadLetterProducerConfig(
      Map<String, Object> consumerConfig, DeadLetterPolicy policy) {
    Map<String, Object> producer = connection(consumerConfig, "-dlt");
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.putAll(policy.producerConfig());
    return producer;
  }

  /**
   * The configuration of the producer handlers send through (a {@link Sender}, state tables): the
   * consumer's connection and security settings, its {@code client.id} with {@code -producer}
   * appended, {@code acks=all} and idempotence, {@code linger.ms=0} (a handling waits for its
   * sends' acknowledgements, so lingering only delays it), then {@code overrides}, which win.
   */
  static Map<String, Object> producerConfig(
      Map<String, Object> consumerConfig, Map<String, Object> overrides) {
    Map<String, Object> producer = connection(consumerConfig, "-producer");
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    if (overrides != null) {
      producer.putAll(overrides);
    }
    return producer;
  }

  /**
   * How long a handling waits for the acknowledgements of its sends at most: the producer's {@code
   * delivery.timeout.ms} (by then the producer has completed every send), plus a margin.
   */
  static long maxAckWaitMs(Map<String, Object> producerConfig) {
    return ConfigDoctor.number(producerConfig, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)
            .orElse(DEFAULT_DELIVERY_TIMEOUT_MS)
        + ACK_WAIT_MARGIN_MS;
  }

  /**
   * The consumer's connection and security settings ({@code bootstrap.servers}, {@code
   * client.dns.lookup}, {@code security.*}, {@code sasl.*}, {@code ssl.*}), for the engine's other
   * clients; its {@code client.id}, if any, with {@code clientIdSuffix} appended.
   */
  static Map<String, Object> connection(Map<String, Object> consumerConfig, String clientIdSuffix) {
    Map<String, Object> connection = new HashMap<>();
    consumerConfig.forEach(
        (key, value) -> {
          if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
              || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)
              || key.startsWith("security.")
              || key.startsWith("sasl.")
              || key.startsWith("ssl.")) {
            connection.put(key, value);
          }
        });
    Object clientId = consumerConfig.get(CommonClientConfigs.CLIENT_ID_CONFIG);
    if (clientId != null) {
      connection.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + clientIdSuffix);
    }
    return connection;
  }
}
