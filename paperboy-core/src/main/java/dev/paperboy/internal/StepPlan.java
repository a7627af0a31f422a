package dev.paperboy.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Step mode's progress: which step runs, which topics it may consume, and the end offset each of
 * its partitions had when the step began (its target). A step is over when every partition of it
 * that this engine owns has been handled up to its target; then the next step begins, and after the
 * last one every topic is consumed. Holds no consumer; the poll thread feeds it.
 */
final class StepPlan {
  private final List<Set<String>> steps;
  private final Map<TopicPartition, Long> targets = new HashMap<>();
  private int current;

  StepPlan(List<Set<String>> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Whether all steps are over (or there were none). */
  boolean isDone() {
    return current >= steps.size();
  }

  /** The running step, counted from 0. */
  int current() {
    return current;
  }

  /** The number of steps. */
  int count() {
    return steps.size();
  }

  /** Whether records of {@code topic} may be consumed now. */
  boolean consumes(String topic) {
    return isDone() || steps.get(current).contains(topic);
  }

  /** The topics of the running step. */
  Set<String> currentTopics() {
    return isDone() ? Set.of() : steps.get(current);
  }

  /** The target of {@code partition} in the running step, or null if not known yet. */
  Long target(TopicPartition partition) {
    return targets.get(partition);
  }

  /** Sets the end offset {@code partition} had when the running step first saw it. */
  void target(TopicPartition partition, long endOffset) {
    targets.putIfAbsent(partition, endOffset);
  }

  /** Forgets targets of partitions this engine no longer owns. */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(targets::remove);
  }

  /** Ends the running step; the next one starts with no targets. */
  void advance() {
    targets.clear();
    current++;
  }
}
