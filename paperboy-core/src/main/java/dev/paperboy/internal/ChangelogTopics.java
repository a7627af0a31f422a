package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the changelog topics of state tables that do not exist yet, compacted, with the table's
 * partitions and replication factor or the cluster's defaults. A topic another instance created
 * meanwhile is fine; an existing topic is left as it is.
 */
final class ChangelogTopics {
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
      admin.createTopics(topics).values().forEach((topic, created) -> await(topic, created));
    }
  }

  private static void await(String topic, org.apache.kafka.common.KafkaFuture<Void> created) {
    try {
      created.get(CREATE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new PaperboyException(
            "cannot create the changelog topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new PaperboyException(
          "cannot create the changelog topic "
              + topic
              + ": no answer within "
              + CREATE_TIMEOUT_MS
              + " ms (is the cluster reachable?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaperboyException("interrupted while creating the changelog topic " + topic, e);
    }
  }
}
