package dev.paperboy.test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * kafka-clients' {@link MockConsumer}, made to behave enough like a broker-backed consumer for an
 * engine: subscribing assigns every partition of the topics (with the rebalance callbacks, on the
 * poll thread), records sent from the test thread are delivered in order by later polls, end
 * offsets move with them (so lag is real), poison pills arrive as {@link
 * RecordDeserializationException}s, an empty poll waits like a real one, and commits are remembered
 * after close.
 */
final class HarnessConsumer<K, V> extends MockConsumer<K, V> {
  private static final Node NODE = new Node(0, "localhost", 9092);

  private final Map<String, Integer> partitionsPerTopic;
  private final Queue<Pending<K, V>> pending = new ArrayDeque<>();
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private List<TopicPartition> toAssign;

  HarnessConsumer(Map<String, Integer> partitionsPerTopic) {
    super("earliest");
    this.partitionsPerTopic = partitionsPerTopic;
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    super.subscribe(topics, listener);
    synchronized (this) {
      List<TopicPartition> all = new ArrayList<>();
      Map<TopicPartition, Long> zeros = new HashMap<>();
      for (String topic : topics) {
        int count = partitionsPerTopic.getOrDefault(topic, 1);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < count; p++) {
          TopicPartition tp = new TopicPartition(topic, p);
          all.add(tp);
          zeros.put(tp, 0L);
          infos.add(new PartitionInfo(topic, p, NODE, new Node[] {NODE}, new Node[] {NODE}));
        }
        updatePartitions(topic, infos);
      }
      updateBeginningOffsets(zeros);
      updateEndOffsets(zeros);
      toAssign = all;
    }
  }

  /** Queues a record for a later poll; returns its offset. Any thread. */
  synchronized long send(String topic, int partition, K key, V value) {
    TopicPartition tp = checked(topic, partition);
    long offset = nextOffset(tp);
    pending.add(new Pending<>(new ConsumerRecord<>(topic, partition, offset, key, value), null));
    updateEndOffsets(Map.of(tp, offset + 1));
    notifyAll();
    return offset;
  }

  /** Queues a record the deserializer cannot read; returns its offset. Any thread. */
  synchronized long sendPoisonPill(String topic, int partition, byte[] key, byte[] value) {
    TopicPartition tp = checked(topic, partition);
    long offset = nextOffset(tp);
    RecordDeserializationException error =
        new RecordDeserializationException(
            RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
            tp,
            offset,
            System.currentTimeMillis(),
            TimestampType.CREATE_TIME,
            key == null ? null : ByteBuffer.wrap(key),
            value == null ? null : ByteBuffer.wrap(value),
            new RecordHeaders(),
            "Error deserializing VALUE for partition " + tp + " at offset " + offset,
            new IllegalArgumentException("the test sent bytes the deserializer cannot read"));
    pending.add(new Pending<>(null, error));
    updateEndOffsets(Map.of(tp, offset + 1));
    notifyAll();
    return offset;
  }

  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    deliverPending();
    ConsumerRecords<K, V> records = super.poll(timeout);
    if (records.isEmpty()) {
      synchronized (this) {
        if (pending.isEmpty()) {
          try {
            TimeUnit.MILLISECONDS.timedWait(this, Math.min(10, Math.max(1, timeout.toMillis())));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
    return records;
  }

  private synchronized void deliverPending() {
    if (toAssign != null) {
      List<TopicPartition> assign = toAssign;
      toAssign = null;
      rebalance(assign);
    }
    boolean delivered = false;
    while (!pending.isEmpty()) {
      Pending<K, V> next = pending.peek();
      if (next.poisonPill != null) {
        if (delivered) {
          return;
        }
        pending.poll();
        throw next.poisonPill;
      }
      pending.poll();
      addRecord(next.record);
      delivered = true;
    }
  }

  @Override
  public synchronized void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    remember(offsets);
    super.commitAsync(offsets, callback);
  }

  @Override
  public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    remember(offsets);
    super.commitSync(offsets);
  }

  @Override
  public synchronized void wakeup() {
    super.wakeup();
    notifyAll();
  }

  /** The last committed offset of every partition that had a commit; readable after close. */
  synchronized Map<TopicPartition, Long> committedOffsets() {
    return new HashMap<>(committed);
  }

  private void remember(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, om) -> committed.merge(tp, om.offset(), Math::max));
  }

  private TopicPartition checked(String topic, int partition) {
    int count = partitionsPerTopic.getOrDefault(topic, 1);
    if (partition < 0 || partition >= count) {
      throw new IllegalArgumentException(
          "topic " + topic + " has " + count + " partitions; there is no partition " + partition);
    }
    return new TopicPartition(topic, partition);
  }

  private long nextOffset(TopicPartition tp) {
    long offset = nextOffsets.getOrDefault(tp, 0L);
    nextOffsets.put(tp, offset + 1);
    return offset;
  }

  private static final class Pending<K, V> {
    final ConsumerRecord<K, V> record;
    final RecordDeserializationException poisonPill;

    Pending(ConsumerRecord<K, V> record, RecordDeserializationException poisonPill) {
      this.record = record;
      this.poisonPill = poisonPill;
    }
  }
}
