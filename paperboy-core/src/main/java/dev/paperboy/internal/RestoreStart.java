package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link TableReader}'s restore starts: asks the cluster for the topic's partitions and
 * their beginning and end offsets, assigns the reader's consumer every partition and seeks it to
 * the store's offsets (or the beginning where the store has none, or holds offsets that are not the
 * topic's), and answers the consumer's positions as the restore reads on. While the cluster does
 * not answer it retries, reporting the problem through {@code problems} and clearing it ({@code
 * null}) once answered; a close ends the wait with a {@link WakeupException}. Used on the reader's
 * thread only.
 */
final class RestoreStart {
  private static final Logger log = LoggerFactory.getLogger(RestoreStart.class);
  private static final Duration METADATA_WAIT = Duration.ofSeconds(10);

  private final String topic;
  private final TableData data;
  private final Consumer<byte[], byte[]> consumer;
  private final LongSupplier nanoClock;
  private final long firstBackoffMs;
  private final StopSignal stop;
  private final java.util.function.Consumer<String> problems;
  private List<TopicPartition> partitions;

  RestoreStart(
      String topic,
      TableData data,
      Consumer<byte[], byte[]> consumer,
      LongSupplier nanoClock,
      long firstBackoffMs,
      StopSignal stop,
      java.util.function.Consumer<String> problems) {
    this.topic = topic;
    this.data = data;
    this.consumer = consumer;
    this.nanoClock = nanoClock;
    this.firstBackoffMs = firstBackoffMs;
    this.stop = stop;
    this.problems = problems;
  }

  /**
   * Assigns the consumer the topic's partitions and seeks it where the restore starts; the progress
   * runs from there to the end offsets seen now.
   */
  RestoreProgress seek() {
    partitions = partitionsOfTopic();
    consumer.assign(partitions);
    Map<Integer, Long> end = offsetsOf("end offsets", consumer::endOffsets);
    Map<Integer, Long> stored =
        storedOffsetsWithin(offsetsOf("beginning offsets", consumer::beginningOffsets), end);
    List<TopicPartition> fromBeginning = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.get(tp.partition());
      if (offset == null) {
        fromBeginning.add(tp);
      } else {
        consumer.seek(tp, offset);
      }
    }
    if (!fromBeginning.isEmpty()) {
      // an empty collection would seek every assigned partition, the stored ones too
      consumer.seekToBeginning(fromBeginning);
    }
    return new RestoreProgress(
        untilAnswered("positions", this::positions), end, nanoClock.getAsLong());
  }

  /** How many partitions the topic has; after {@link #seek()}. */
  int partitions() {
    return partitions.size();
  }

  /** The consumer's position in each partition, by partition number; after {@link #seek()}. */
  Map<Integer, Long> positions() {
    Map<Integer, Long> positions = new HashMap<>();
    for (TopicPartition tp : partitions) {
      positions.put(tp.partition(), consumer.position(tp));
    }
    return positions;
  }

  /** The beginning or end offsets of the partitions, by partition number. */
  private Map<Integer, Long> offsetsOf(
      String what, Function<List<TopicPartition>, Map<TopicPartition, Long>> lookup) {
    Map<Integer, Long> offsets = new HashMap<>();
    untilAnswered(what, () -> lookup.apply(partitions))
        .forEach((tp, offset) -> offsets.put(tp.partition(), offset));
    return offsets;
  }

  /**
   * The store's offsets; none, with the store cleared, when one lies outside its partition's range
   * (or its partition is gone): the topic was recreated or truncated since, so what the store holds
   * is not the topic's, and the restore reads the topic from its beginning.
   */
  private Map<Integer, Long> storedOffsetsWithin(
      Map<Integer, Long> beginning, Map<Integer, Long> end) {
    Map<Integer, Long> stored = data.store().offsets();
    for (Map.Entry<Integer, Long> entry : stored.entrySet()) {
      Long first = beginning.get(entry.getKey());
      Long last = end.get(entry.getKey());
      long offset = entry.getValue();
      if (first == null || last == null || offset < first || offset > last) {
        log.warn(
            "Table {} partition {}: the stored offset {} is outside the topic's offsets {} to {}"
                + " (was the topic recreated or truncated?); clearing the store and restoring"
                + " from the beginning",
            topic,
            entry.getKey(),
            offset,
            first,
            last);
        data.clear();
        return Map.of();
      }
    }
    return stored;
  }

  /**
   * Calls {@code call} until it answers: a retriable error (a timeout) is reported as a problem and
   * retried after a backoff, and the problem cleared once it answers.
   */
  private <T> T untilAnswered(String what, Supplier<T> call) {
    long backoffMs = firstBackoffMs;
    boolean failed = false;
    while (true) {
      try {
        T answer = call.get();
        if (failed) {
          problems.accept(null);
        }
        return answer;
      } catch (RetriableException e) {
        if (stop.closed()) {
          throw new WakeupException();
        }
        failed = true;
        String problem =
            "table "
                + topic
                + ": cannot read the "
                + what
                + " to restore, retrying in "
                + backoffMs
                + " ms (is the cluster reachable?): "
                + e;
        log.warn(problem);
        problems.accept(problem);
        stop.pause(backoffMs);
        backoffMs = Math.min(2 * backoffMs, TableReader.MAX_BACKOFF_MS);
      }
    }
  }

  /** The topic's partitions; waits (reporting why) while the cluster does not answer. */
  private List<TopicPartition> partitionsOfTopic() {
    long since = nanoClock.getAsLong();
    while (!stop.closed()) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_WAIT);
        if (infos == null || infos.isEmpty()) {
          throw new PaperboyException(
              "table topic "
                  + topic
                  + " does not exist: create it (cleanup.policy=compact) before starting the"
                  + " engine");
        }
        List<TopicPartition> found = new ArrayList<>();
        infos.forEach(info -> found.add(new TopicPartition(info.topic(), info.partition())));
        return found;
      } catch (TimeoutException e) {
        String problem =
            "table "
                + topic
                + ": cannot read the topic's metadata for "
                + TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - since)
                + " s (is the cluster reachable?)";
        log.warn(problem);
        problems.accept(problem);
      }
    }
    throw new WakeupException();
  }
}
