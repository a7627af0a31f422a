package dev.paperboy.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which partitions the consumer fetches. A partition is paused while its lane holds {@code
 * recordLimit} or more unfinished records, or {@code byteLimit} or more of their bytes, until it
 * drained to half of both (so a slow handler never makes the poll thread wait, and
 * fetched-but-unhandled data stays bounded), and while step mode holds its topic back. Only changes
 * are sent to the consumer.
 */
final class PauseControl {
  private PauseControl() {}

  static <K, V> void apply(
      Consumer<K, V> consumer, Lanes<K, V> lanes, int recordLimit, long byteLimit, StepPlan steps) {
    int resumeMark = recordLimit / 2;
    List<TopicPartition> pause = new ArrayList<>(0);
    List<TopicPartition> resume = new ArrayList<>(0);
    for (PartitionLane<K, V> lane : lanes.all()) {
      int pending = lane.pending();
      long bytes = lane.pendingBytes();
      boolean backlog =
          lane.paused
              ? pending > resumeMark || bytes > byteLimit / 2
              : pending >= recordLimit || bytes >= byteLimit;
      if (backlog) {
        lane.wakeWhenPendingAtMost(resumeMark);
      }
      boolean wanted = backlog || lane.blocked || !steps.consumes(lane.partition().topic());
      if (wanted != lane.paused) {
        lane.paused = wanted;
        (wanted ? pause : resume).add(lane.partition());
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }
}
