package dev.paperboy.benchmarks;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/** How the members of the scale-out benchmark form their group. */
enum Protocol {
  /** The classic protocol with the cooperative sticky assignor (incremental rebalances). */
  CLASSIC("group.protocol=classic, partition.assignment.strategy=CooperativeStickyAssignor"),
  /** The consumer protocol of KIP-848: the broker assigns, members reconcile. */
  CONSUMER("group.protocol=consumer (KIP-848)");

  private final String description;

  Protocol(String description) {
    this.description = description;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  String description() {
    return description;
  }

  /** Adds this protocol's settings to a consumer configuration. */
  void configure(Map<String, Object> config) {
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, id());
    if (this == CLASSIC) {
      config.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
  }

  static Protocol of(String id) {
    for (Protocol protocol : values()) {
      if (protocol.id().equalsIgnoreCase(id.trim())) {
        return protocol;
      }
    }
    throw new IllegalArgumentException("unknown protocol " + id + ": use classic or consumer");
  }
}
