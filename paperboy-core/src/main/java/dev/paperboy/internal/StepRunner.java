package dev.paperboy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Tells when the running step of a {@link StepPlan} has caught up: every owned partition of its
 * topics was fetched up to the end offset it had when the step first saw it, and everything fetched
 * of it was handled. Looks end offsets up once per partition and step (one broker request); reads
 * fetch positions locally. Poll thread only.
 */
final class StepRunner<K, V> {
  private final Consumer<K, V> consumer;
  private final StepPlan steps;
  private final Partitions<K, V> partitions;

  StepRunner(Consumer<K, V> consumer, StepPlan steps, Partitions<K, V> partitions) {
    this.consumer = consumer;
    this.steps = steps;
    this.partitions = partitions;
  }

  /** Whether everything of the running step was fetched; targets are looked up on first sight. */
  boolean fetchedAll() {
    List<TopicPartition> owned = new ArrayList<>();
    List<TopicPartition> untargeted = new ArrayList<>();
    for (TopicPartition tp : partitions.owned()) {
      if (steps.currentTopics().contains(tp.topic())) {
        owned.add(tp);
        if (partitions.stepTarget(tp) == null) {
          untargeted.add(tp);
        }
      }
    }
    if (!untargeted.isEmpty()) {
      Wakeups.retrying(() -> consumer.endOffsets(untargeted)).forEach(partitions::stepTarget);
    }
    for (TopicPartition tp : owned) {
      if (position(tp) < partitions.stepTarget(tp)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the lanes of the running step finished everything handed to them. */
  boolean handledAll() {
    for (TopicPartition tp : partitions.owned()) {
      if (steps.currentTopics().contains(tp.topic()) && partitions.lane(tp).pending() > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Asks the lanes of the running step to wake the poll thread once they drained, so the step ends
   * as soon as its last records are handled rather than at the next poll's timeout.
   */
  void wakeWhenHandled() {
    for (TopicPartition tp : partitions.owned()) {
      if (steps.currentTopics().contains(tp.topic())) {
        partitions.lane(tp).wakeWhenPendingAtMost(0);
      }
    }
  }

  private long position(TopicPartition tp) {
    try {
      return consumer.position(tp, Duration.ZERO);
    } catch (TimeoutException | WakeupException e) {
      return -1;
    }
  }
}
