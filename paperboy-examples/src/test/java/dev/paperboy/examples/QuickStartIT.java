package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's quick start, run as written against a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class QuickStartIT {

  @Test
  void quickStartHandlesEveryRecordInPartitionOrderWithItsContext(EmbeddedKafka kafka)
      throws Exception {
    kafka.createTopic("example-topic", 3);
    kafka.produceNumbered("example-topic", 3, 0, 1_000);
    Map<Integer, List<Long>> offsets = new ConcurrentHashMap<>();
    List<Instant> contextValues = new CopyOnWriteArrayList<>();
    ExampleTopicHandler recording =
        new ExampleTopicHandler() {
          @Override
          public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
            super.onMessage(msg, ctx);
            contextValues.add(ctx.get("receivedAt"));
            offsets
                .computeIfAbsent(msg.partition(), p -> new CopyOnWriteArrayList<>())
                .add(msg.offset());
          }
        };
    ExampleEngine engine =
        new ExampleEngine() {
          @Override
          protected List<PaperboyHandler<String, String>> handlers() {
            return List.of(recording);
          }

          @Override
          protected Map<String, Object> configureConsumer() {
            Map<String, Object> config = new HashMap<>(super.configureConsumer());
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            return config;
          }
        };
    ExecutorService thread = Executors.newSingleThreadExecutor();

    Future<?> run = thread.submit(engine::start);
    Await.until(
        Duration.ofSeconds(60),
        () -> contextValues.size() >= 1_000,
        () -> "1000 records handled: " + contextValues.size());
    engine.close();
    run.get();
    thread.shutdown();

    assertThat(contextValues).hasSize(1_000).doesNotContainNull();
    assertThat(offsets.get(0)).containsExactlyElementsOf(range(334));
    assertThat(offsets.get(1)).containsExactlyElementsOf(range(333));
    assertThat(offsets.get(2)).containsExactlyElementsOf(range(333));
    assertThat(kafka.committedOffsets("example-group"))
        .isEqualTo(kafka.endOffsets("example-topic"));
  }

  private static List<Long> range(int count) {
    List<Long> range = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      range.add(i);
    }
    return range;
  }
}
