package dev.paperboy.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures the demo's lag from outside the engine: the end offsets of every partition, asked of the
 * broker with an admin client, minus the offsets the handlers reached. It never touches the
 * engine's consumer, which belongs to the engine's poll thread.
 */
final class LagProbe {
  private static final long TIMEOUT_MS = 2_000;

  private final Admin admin;
  private final List<TopicPartition> partitions;
  private final ToLongFunction<TopicPartition> handledPosition;

  LagProbe(
      Admin admin,
      List<TopicPartition> partitions,
      ToLongFunction<TopicPartition> handledPosition) {
    this.admin = admin;
    this.partitions = partitions;
    this.handledPosition = handledPosition;
  }

  /** Records not handled yet over all partitions, or -1 when the broker did not answer in time. */
  long lag() {
    Map<TopicPartition, Long> ends = endOffsets();
    if (ends == null) {
      return -1;
    }
    long lag = 0;
    for (TopicPartition tp : partitions) {
      lag += Math.max(0, ends.getOrDefault(tp, 0L) - handledPosition.applyAsLong(tp));
    }
    return lag;
  }

  /** The end offset of every partition, or {@code null} when the broker did not answer in time. */
  Map<TopicPartition, Long> endOffsets() {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
    try {
      Map<TopicPartition, ListOffsetsResultInfo> answer =
          admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Map<TopicPartition, Long> ends = new HashMap<>();
      answer.forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }
}
