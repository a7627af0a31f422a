package dev.paperboy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Examines the consumer configuration against the engine's options before the engine creates its
 * consumer, and explains what is broken, unsafe or contradictory, naming the setting and the fix.
 * {@link #examine} is pure (no I/O, no clock); {@link #check} acts on what it found.
 *
 * <p>An {@link Severity#ERROR error} stops {@code start()}; it is reserved for settings that are
 * certainly broken, with which the consumer cannot be created or the engine cannot consume at all.
 * Whatever is merely risky, or right for some deployments, is a {@link Severity#WARNING warning}.
 * The checks (the numeric ones are in {@link ConfigLimits}):
 *
 * <ul>
 *   <li>{@code bootstrap.servers} missing or blank: error. {@code KafkaConsumer} refuses it with a
 *       raw {@code ConfigException}; the engine's reports and the dead-letter producer need it too.
 *   <li>{@code group.id} missing or blank: error. The engine subscribes and commits as a group
 *       member, which the consumer refuses without a group.
 *   <li>{@code group.protocol=consumer} beside {@code partition.assignment.strategy}, {@code
 *       session.timeout.ms} or {@code heartbeat.interval.ms}: error, one per setting. The consumer
 *       refuses them under that protocol (the broker assigns and times the group).
 *   <li>{@code max.poll.interval.ms} not longer than {@code shutdownTimeoutMs}: warning. On
 *       shutdown the poll thread waits that long for handlers without polling, so a slow handler
 *       makes the consumer leave its group and the final commit fail; fast handlers never notice.
 *   <li>{@code auto.offset.reset=none}: warning. A partition without a committed offset stops the
 *       engine; some teams want exactly that.
 *   <li>{@code max.poll.records} above {@code maxPendingRecordsPerPartition}, or a partition's
 *       fetch ({@code max.partition.fetch.bytes}, capped by {@code fetch.max.bytes}) above {@code
 *       maxPendingBytesPerPartition}: warning. One poll then overshoots the pause limit, so the
 *       limit no longer bounds memory; nothing breaks.
 *   <li>{@code maxPendingRecordsPerPartition} below {@code bulkModeMaxRecords} when bulk mode can
 *       happen: warning. It cannot wedge, since in bulk mode the engine raises the pause limit to
 *       {@code bulkModeMaxRecords}, but then that, not the configured limit, bounds memory.
 *   <li>{@code isolation.level} not set (so {@code read_uncommitted}): {@link Severity#INFO info}.
 *       Only the user knows whether the topics are written transactionally.
 *   <li>A key that is not a consumer key but within a small edit distance of one, such as {@code
 *       auto.offset.rest}: warning, with the key it probably means (see {@link ConfigKeySpelling}).
 *       Kafka ignores unknown keys, and plugins read keys of their own.
 * </ul>
 *
 * <p>Messages name keys, and the values of the non-secret settings checked here (numbers, {@code
 * group.protocol}, {@code auto.offset.reset}); never any other value, since the configuration holds
 * passwords and JAAS configs.
 */
final class ConfigDoctor {
  private static final Logger log = LoggerFactory.getLogger(ConfigDoctor.class);

  /** How bad a finding is. */
  enum Severity {
    /** The setting is certainly broken: {@code start()} refuses to run. */
    ERROR,
    /** The setting is unsafe or contradicts the options: logged at WARN once per start. */
    WARNING,
    /** Worth knowing, possibly intended: logged at INFO once per start. */
    INFO
  }

  /** One thing found: how bad, which setting (a consumer key or an option), and what to do. */
  record Finding(Severity severity, String setting, String message) {}

  private ConfigDoctor() {}

  /**
   * Examines the configuration, throws a {@link PaperboyException} listing every error if there is
   * one, else logs each warning once and returns the warnings and infos.
   */
  static List<Finding> check(Map<String, ?> config, EngineOptions options) {
    List<Finding> findings = examine(config, options);
    List<Finding> errors = bySeverity(findings, Severity.ERROR);
    if (!errors.isEmpty()) {
      throw new PaperboyException(
          "the consumer configuration cannot work, fix it and start again:"
              + errors.stream().map(f -> "\n- " + f.message()).collect(Collectors.joining()));
    }
    for (Finding finding : findings) {
      if (finding.severity() == Severity.WARNING) {
        log.warn("Consumer configuration: {}", finding.message());
      } else {
        log.info("Consumer configuration: {}", finding.message());
      }
    }
    return List.copyOf(findings);
  }

  /**
   * Everything found in {@code config} given {@code options}, errors first; empty if all is well.
   */
  static List<Finding> examine(Map<String, ?> config, EngineOptions options) {
    List<Finding> findings = new ArrayList<>();
    requirePresent(config, ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, findings);
    requirePresent(config, ConsumerConfig.GROUP_ID_CONFIG, findings);
    rejectedByConsumerProtocol(config, findings);
    ConfigLimits.examine(config, options, findings);
    offsetReset(config, findings);
    isolationLevel(config, findings);
    misspelledKeys(config, findings);
    findings.sort(Comparator.comparing(Finding::severity));
    return findings;
  }

  private static List<Finding> bySeverity(Collection<Finding> findings, Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).collect(Collectors.toList());
  }

  private static void requirePresent(Map<String, ?> config, String key, List<Finding> findings) {
    if (isBlank(config.get(key))) {
      findings.add(
          new Finding(
              Severity.ERROR,
              key,
              key
                  + " is missing or blank: set it in the consumer configuration (configureConsumer()"
                  + " or the builder's "
                  + (key.equals(ConsumerConfig.GROUP_ID_CONFIG) ? "groupId" : "bootstrapServers")
                  + "); an engine whose createConsumer returns a test double needs a"
                  + " placeholder too"));
    }
  }

  private static void rejectedByConsumerProtocol(Map<String, ?> config, List<Finding> findings) {
    Object protocol = config.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    if (protocol == null || !"consumer".equalsIgnoreCase(String.valueOf(protocol).trim())) {
      return;
    }
    for (String key :
        List.of(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
      if (config.get(key) != null) {
        String brokerSide =
            key.equals(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG)
                ? "the broker assigns partitions (pick its assignor with group.remote.assignor)"
                : "the broker sets the group's timing (group.consumer.session.timeout.ms and"
                    + " group.consumer.heartbeat.interval.ms in the broker's configuration)";
        findings.add(
            new Finding(
                Severity.ERROR,
                key,
                key
                    + " cannot be set with group.protocol=consumer, since "
                    + brokerSide
                    + ": remove "
                    + key
                    + ", or set group.protocol=classic to keep it"));
      }
    }
  }

  private static void offsetReset(Map<String, ?> config, List<Finding> findings) {
    Object reset = config.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    if (reset != null && "none".equalsIgnoreCase(String.valueOf(reset).trim())) {
      findings.add(
          new Finding(
              Severity.WARNING,
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
              "auto.offset.reset=none: a partition without a committed offset (a new group or"
                  + " partition, or offsets the broker expired after offsets.retention.minutes)"
                  + " makes poll() throw and the engine stop; set auto.offset.reset=earliest or"
                  + " latest unless offsets are always committed or reset by hand first"));
    }
  }

  private static void isolationLevel(Map<String, ?> config, List<Finding> findings) {
    if (config.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG) == null) {
      findings.add(
          new Finding(
              Severity.INFO,
              ConsumerConfig.ISOLATION_LEVEL_CONFIG,
              "isolation.level is not set, so the consumer reads read_uncommitted: records of"
                  + " aborted and still open transactions reach handlers; if these topics are"
                  + " written transactionally set isolation.level=read_committed, else set"
                  + " read_uncommitted explicitly to silence this"));
    }
  }

  private static void misspelledKeys(Map<String, ?> config, List<Finding> findings) {
    for (String key : config.keySet()) {
      ConfigKeySpelling.suggestion(key, ConfigKeySpelling.CONSUMER_KEYS)
          .ifPresent(
              known ->
                  findings.add(
                      new Finding(
                          Severity.WARNING,
                          key,
                          key
                              + " is not a consumer setting, so Kafka ignores it: did you mean "
                              + known
                              + "?")));
    }
  }

  private static boolean isBlank(Object value) {
    if (value instanceof Collection<?>) {
      return ((Collection<?>) value).stream().allMatch(ConfigDoctor::isBlank);
    }
    return value == null || String.valueOf(value).replace(",", "").isBlank();
  }

  /**
   * A whole number of a numeric setting, given as a number or a string; empty when unset or not a
   * whole number (the consumer reports a malformed value itself).
   */
  static OptionalLong number(Map<String, ?> config, String key) {
    Object value = config.get(key);
    if (value instanceof Number) {
      return OptionalLong.of(((Number) value).longValue());
    }
    if (value instanceof String) {
      try {
        return OptionalLong.of(Long.parseLong(((String) value).trim()));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }
}
