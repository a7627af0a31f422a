package dev.paperboy.internal;

import dev.paperboy.PartitionStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The owned partitions as the poll thread last saw them, for {@code engine.status()}: built on the
 * poll thread (the only one that may ask the consumer and the offset tracker), read from any.
 *
 * @param lag the total lag (high watermark minus the next offset to handle), -1 while unknown
 */
record OwnedSnapshot(long lag, Map<TopicPartition, PartitionStatus> partitions) {
  static final OwnedSnapshot NONE = new OwnedSnapshot(-1, Map.of());

  static <K, V> OwnedSnapshot of(
      Consumer<K, V> consumer,
      Partitions<K, V> partitions,
      OffsetTracker tracker,
      Dispatch<K, V> dispatch) {
    Map<TopicPartition, PartitionStatus> owned = new HashMap<>();
    long total = 0;
    boolean known = true;
    for (TopicPartition tp : partitions.owned()) {
      Lane<K, V> lane = partitions.lane(tp);
      OptionalLong fetchLag = consumer.currentLag(tp);
      long lag = -1;
      if (fetchLag.isPresent()) {
        lag = fetchLag.getAsLong() + lane.pending() + dispatch.collected(tp);
        total += lag;
      } else {
        known = false;
      }
      owned.put(
          tp,
          new PartitionStatus(
              lag,
              tracker.handledOffset(tp),
              tracker.committedOffset(tp),
              partitions.isPaused(tp),
              lane.pending()));
    }
    return new OwnedSnapshot(known && !owned.isEmpty() ? total : -1, Map.copyOf(owned));
  }
}
