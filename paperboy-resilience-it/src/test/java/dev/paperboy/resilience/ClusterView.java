package dev.paperboy.resilience;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the failover tests ask a cluster, in-process or forked, through its admin client: the group
 * coordinator, partition leaders, committed and end offsets. Each question waits at most 10 s.
 */
final class ClusterView {
  private final Admin admin;

  ClusterView(Admin admin) {
    this.admin = admin;
  }

  /** The broker that coordinates {@code group}. */
  int coordinator(String group) {
    return get(admin.describeConsumerGroups(List.of(group)).all()).get(group).coordinator().id();
  }

  /** The partitions of {@code topic} that {@code broker} leads. */
  List<Integer> ledBy(String topic, int broker) {
    TopicDescription description =
        get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    return description.partitions().stream()
        .filter(p -> p.leader() != null && p.leader().id() == broker)
        .map(TopicPartitionInfo::partition)
        .toList();
  }

  /** The committed offsets of {@code group}; empty when it has none or the cluster is moving. */
  Map<TopicPartition, Long> committedOffsets(String group) {
    Map<TopicPartition, Long> committed = new HashMap<>();
    try {
      get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
          .forEach((tp, om) -> committed.put(tp, om == null ? null : om.offset()));
    } catch (IllegalStateException e) {
      return Map.of();
    }
    return committed;
  }

  /** The end offset of every partition of {@code topic}. */
  Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    get(admin.listOffsets(request).all()).forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  /** The records in {@code handlings}, each once. */
  static Set<RecordId> distinct(Iterable<Handling> handlings) {
    Set<RecordId> records = new HashSet<>();
    handlings.forEach(h -> records.add(h.record()));
    return records;
  }

  /** The records of {@code acked} missing from {@code handlings}. */
  static Set<RecordId> missing(Set<RecordId> acked, Iterable<Handling> handlings) {
    Set<RecordId> missing = new HashSet<>(acked);
    missing.removeAll(distinct(handlings));
    return missing;
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("admin request failed: " + e, e);
    }
  }
}
