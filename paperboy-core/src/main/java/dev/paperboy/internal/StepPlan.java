package dev.paperboy.internal;

import java.util.List;
import java.util.Set;

/**
 * Step mode's progress: which step runs, which topics it may consume, and the end offset each of
 * its partitions had when the step began (its target, kept by {@link Partitions}). A step is over
 * when every partition of it that this engine owns has been handled up to its target; then the next
 * step begins, and after the last one every topic is consumed. Holds no consumer; the poll thread
 * feeds it.
 */
final class StepPlan {
  private final List<Set<String>> steps;
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

  /** Ends the running step. */
  void advance() {
    current++;
  }
}
