package dev.paperboy.it;

import dev.paperboy.Context;
import dev.paperboy.PaperboyBulkHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A bulk handler that remembers its batches and single records, per partition and in order. */
class RecordingBulkHandler extends PaperboyBulkHandler<String, String> {
  final String topic;
  final List<List<ConsumerRecord<String, String>>> batches = new CopyOnWriteArrayList<>();
  final List<ConsumerRecord<String, String>> singles = new CopyOnWriteArrayList<>();
  final Map<Integer, List<Long>> offsetsByPartition = new ConcurrentHashMap<>();
  final List<Long> batchArrivalNanos = new CopyOnWriteArrayList<>();
  volatile Predicate<List<ConsumerRecord<String, String>>> failOn = b -> false;
  volatile Predicate<List<ConsumerRecord<String, String>>> slowOn = b -> false;
  volatile long slowMillis;

  /** A record {@link #onMessage} fails on, as one that fails on its own; -1 for none. */
  volatile long badOffset = -1;

  RecordingBulkHandler(String topic) {
    this.topic = topic;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    if (msg.offset() == badOffset) {
      throw new IllegalStateException("bad record at offset " + msg.offset());
    }
    singles.add(msg);
    offsetsByPartition
        .computeIfAbsent(msg.partition(), p -> new CopyOnWriteArrayList<>())
        .add(msg.offset());
  }

  @Override
  public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) throws Exception {
    batchArrivalNanos.add(System.nanoTime());
    if (slowOn.test(msgs)) {
      Thread.sleep(slowMillis);
    }
    if (failOn.test(msgs)) {
      throw new IllegalStateException("poison batch at offset " + msgs.get(0).offset());
    }
    batches.add(List.copyOf(msgs));
    for (ConsumerRecord<String, String> msg : msgs) {
      offsetsByPartition
          .computeIfAbsent(msg.partition(), p -> new CopyOnWriteArrayList<>())
          .add(msg.offset());
    }
  }

  int handledCount() {
    int count = 0;
    for (List<Long> offsets : offsetsByPartition.values()) {
      count += offsets.size();
    }
    return count;
  }

  int batchedCount() {
    int count = 0;
    for (List<ConsumerRecord<String, String>> batch : batches) {
      count += batch.size();
    }
    return count;
  }
}
