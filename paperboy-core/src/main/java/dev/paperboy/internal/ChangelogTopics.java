package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the changelog topics of state tables that do not exist yet, compacted, with the table's
 * partitions and replication factor or the cluster's defaults. A topic another instance created
 * meanwhile is fine; an existing topic is left as it is, but checked: one that is not compacted
 * ({@code cleanup.policy=delete}) would drop the table's state once its records age past {@code
 * retention.ms}, so the engine refuses to start on it, and one compacted and deleted ({@code
 * compact,delete}) is a WARN, since keys not written within its retention are then lost on restore.
 */
final class ChangelogTopics {
  private static final Logger log = LoggerFactory.getLogger(ChangelogTopics.class);
  private static final long CREATE_TIMEOUT_MS = 30_000;

  private ChangelogTopics() {}

  static void ensure(Map<String, Object> connection, List<ChangelogTable<?, ?>> tables) {
    if (tables.isEmpty()) {
      return;
    }
    try (Admin admin = Admin.create(connection)) {
      List<NewTopic> topics = new ArrayList<>();
      for (ChangelogTable<?, ?> table : tables) {
        topics.add(
            new NewTopic(table.topic(), table.partitions(), table.replicationFactor())
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
      List<ConfigResource> existing = new ArrayList<>();
      admin
          .createTopics(topics)
          .values()
          .forEach(
              (topic, created) -> {
                if (!await("create the changelog topic " + topic, created)) {
                  existing.add(new ConfigResource(ConfigResource.Type.TOPIC, topic));
                }
              });
      if (!existing.isEmpty()) {
        Map<ConfigResource, Config> configs =
            get("read the settings of the changelog topics", admin.describeConfigs(existing).all());
        configs.forEach((topic, config) -> check(topic.name(), config));
      }
    }
  }

  /** Refuses a changelog that is not compacted; warns of one also deleted by age. */
  static void check(String topic, Config config) {
    ConfigEntry entry = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    String policy = entry == null ? TopicConfig.CLEANUP_POLICY_DELETE : entry.value();
    List<String> policies =
        Arrays.stream(policy.toLowerCase(Locale.ROOT).split(",")).map(String::trim).toList();
    if (!policies.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      throw new PaperboyException(
          "the changelog topic "
              + topic
              + " of a state table exists with cleanup.policy="
              + policy
              + ": its records are deleted by age (retention.ms), and with them the table's state;"
              + " set cleanup.policy=compact on the topic, or give the table a topic of its own");
    }
    if (policies.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
      ConfigEntry retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
      log.warn(
          "Paperboy: the changelog topic {} of a state table has cleanup.policy={}: keys not"
              + " written within retention.ms={} are gone from the table after a restore",
          topic,
          policy,
          retention == null ? "(the broker's default)" : retention.value());
    }
  }

  /** Waits for a topic's creation; returns false if it existed already. */
  private static boolean await(String what, KafkaFuture<Void> created) {
    try {
      get(what, created);
      return true;
    } catch (PaperboyException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  private static <T> T get(String what, KafkaFuture<T> future) {
    try {
      return future.get(CREATE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new PaperboyException("cannot " + what + ": " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new PaperboyException(
          "cannot "
              + what
              + ": no answer within "
              + CREATE_TIMEOUT_MS
              + " ms (is the cluster reachable?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaperboyException("interrupted while trying to " + what, e);
    }
  }
}
