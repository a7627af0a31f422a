package dev.paperboy.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's topics. Two it produces: user profiles (compacted, keyed by user id, a tombstone
 * deletes a user), read into the engine's users table, and orders (keyed by the id of the user who
 * placed them), consumed by the order handler. Two the order handler writes: the changelog of the
 * per-user order totals (a state table, created by the engine) and the order-accepted events.
 */
record Topics(
    String users, String orders, String userTotals, String ordersAccepted, int partitions) {

  /** Plain names, for a broker of the demo's own. */
  static Topics plain(int partitions) {
    return new Topics("users", "orders", "demo-user-totals", "demo-orders-accepted", partitions);
  }

  /** Names no other run uses, for a shared cluster: {@code paperboy-demo-<run>-users}. */
  static Topics unique(int partitions) {
    String run = "paperboy-demo-" + UUID.randomUUID().toString().substring(0, 8);
    return new Topics(
        run + "-users",
        run + "-orders",
        run + "-user-totals",
        run + "-orders-accepted",
        partitions);
  }

  /** The topics the demo produces to, users first. */
  List<String> inputs() {
    return List.of(users, orders);
  }

  /** Every topic of a run: the inputs, then the totals changelog and the events. */
  List<String> all() {
    return List.of(users, orders, userTotals, ordersAccepted);
  }

  /** Every partition of the orders topic: what the engine's handlers consume. */
  List<TopicPartition> orderPartitions() {
    List<TopicPartition> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(orders, p));
    }
    return all;
  }
}
