package dev.paperboy.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's two topics: user profiles (keyed by user id, a tombstone deletes a user) and orders
 * (keyed by the id of the user who placed them).
 */
record Topics(String users, String orders, int partitions) {

  /** Plain names, for a broker of the demo's own. */
  static Topics plain(int partitions) {
    return new Topics("users", "orders", partitions);
  }

  /** Names no other run uses, for a shared cluster: {@code paperboy-demo-<run>-users}. */
  static Topics unique(int partitions) {
    String run = "paperboy-demo-" + UUID.randomUUID().toString().substring(0, 8);
    return new Topics(run + "-users", run + "-orders", partitions);
  }

  /** Both topics, users first. */
  List<String> names() {
    return List.of(users, orders);
  }

  /** Every partition of both topics. */
  List<TopicPartition> allPartitions() {
    List<TopicPartition> all = new ArrayList<>();
    for (String topic : names()) {
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(topic, p));
      }
    }
    return all;
  }
}
