package dev.paperboy.it;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A handler that remembers what it handled, per partition and in order, and can be told to fail or
 * to be slow on chosen records.
 */
class RecordingHandler extends PaperboyHandler<String, String> {
  final String topic;
  final Map<Integer, List<Long>> offsetsByPartition = new ConcurrentHashMap<>();
  final List<String> values = new CopyOnWriteArrayList<>();
  final List<String> tombstoneKeys = new CopyOnWriteArrayList<>();
  final List<String> hooks = new CopyOnWriteArrayList<>();
  final List<Object> contextValuesSeen = new CopyOnWriteArrayList<>();
  volatile Predicate<ConsumerRecord<String, String>> failOn = r -> false;
  volatile Predicate<ConsumerRecord<String, String>> slowOn = r -> false;
  volatile long slowMillis;
  volatile boolean recordHooks;

  RecordingHandler(String topic) {
    this.topic = topic;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public Context defineContext() {
    Context ctx = new Context();
    ctx.put("handler", topic);
    hook("defineContext");
    return ctx;
  }

  @Override
  public ConsumerRecord<String, String> didReceiveMessage(
      ConsumerRecord<String, String> msg, Context ctx) {
    hook("didReceiveMessage");
    return msg;
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) throws Exception {
    hook("onMessage");
    handle(msg, ctx);
    values.add(msg.value());
  }

  @Override
  public void onTombstone(ConsumerRecord<String, String> msg, Context ctx) throws Exception {
    hook("onTombstone");
    handle(msg, ctx);
    tombstoneKeys.add(msg.key());
  }

  @Override
  public Exception onError(Exception e, ConsumerRecord<String, String> msg, Context ctx) {
    hook("onError");
    return e;
  }

  @Override
  public void onFinishHandling(List<ConsumerRecord<String, String>> msgs, Context ctx) {
    hook("onFinishHandling");
  }

  private void handle(ConsumerRecord<String, String> msg, Context ctx) throws Exception {
    contextValuesSeen.add(ctx.get("handler"));
    if (slowOn.test(msg)) {
      Thread.sleep(slowMillis);
    }
    if (failOn.test(msg)) {
      throw new IllegalStateException("poison at offset " + msg.offset());
    }
    offsetsByPartition
        .computeIfAbsent(msg.partition(), p -> new CopyOnWriteArrayList<>())
        .add(msg.offset());
  }

  private void hook(String name) {
    if (recordHooks) {
      hooks.add(name);
    }
  }

  int handledCount() {
    int count = 0;
    for (List<Long> offsets : offsetsByPartition.values()) {
      count += offsets.size();
    }
    return count;
  }

  List<Long> offsets(int partition) {
    return new ArrayList<>(offsetsByPartition.getOrDefault(partition, List.of()));
  }
}
