package dev.paperboy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.TypedHandler;
import dev.paperboy.jackson.JsonDeserializer;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Engines made by the builder, with lambda handlers and handlers of different types. */
@ExtendWith(EmbeddedKafkaExtension.class)
class BuilderAndTypedHandlersIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  public record Order(String id, String user, int total) {}

  private final ExecutorService thread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopThread() {
    thread.shutdownNow();
  }

  @Test
  void builderMadeEngineWithLambdaHandlersConsumesARealTopic(EmbeddedKafka kafka) throws Exception {
    String orders = EmbeddedKafka.uniqueName("orders");
    String audit = EmbeddedKafka.uniqueName("audit");
    kafka.createTopic(orders, 2);
    kafka.createTopic(audit, 1);
    kafka.produceNumbered(orders, 2, 0, 100);
    kafka.produceNumbered(audit, 1, 0, 10);
    List<String> seenOrders = new CopyOnWriteArrayList<>();
    List<String> seenAudit = new CopyOnWriteArrayList<>();
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(kafka.bootstrapServers())
            .groupId(EmbeddedKafka.uniqueName("group"))
            .config(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .handler(orders, (msg, ctx) -> seenOrders.add(msg.value()))
            .handler(PaperboyHandler.of(audit, (msg, ctx) -> seenAudit.add(msg.value())))
            .options(EngineOptions.builder().shutdownHook(false).build())
            .build();

    Future<?> run = thread.submit(engine::start);
    Await.until(
        DEADLINE,
        () -> seenOrders.size() == 100 && seenAudit.size() == 10,
        () -> "orders " + seenOrders.size() + ", audit " + seenAudit.size());
    engine.close();
    run.get();

    assertThat(seenAudit)
        .containsExactly(
            "value-0", "value-1", "value-2", "value-3", "value-4", "value-5", "value-6", "value-7",
            "value-8", "value-9");
  }

  @Test
  void handlersOfDifferentTypesShareAnEngineAndAnUnreadableRecordFailsAlone(EmbeddedKafka kafka)
      throws Exception {
    String notes = EmbeddedKafka.uniqueName("notes");
    String orders = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(notes, 1);
    kafka.createTopic(orders, 1);
    kafka.produce(
        notes, 0, List.of(new SimpleEntry<>("n1", "hello"), new SimpleEntry<>("n2", "world")));
    kafka.produce(
        orders,
        0,
        List.of(
            new SimpleEntry<>("o1", "{\"id\":\"o1\",\"user\":\"ada\",\"total\":12}"),
            new SimpleEntry<>("o2", "this is not JSON"),
            new SimpleEntry<>("o3", "{\"id\":\"o3\",\"user\":\"bob\",\"total\":30}")));
    List<String> seenNotes = new CopyOnWriteArrayList<>();
    List<Order> seenOrders = new CopyOnWriteArrayList<>();
    List<ConsumerRecord<?, ?>> failed = new CopyOnWriteArrayList<>();
    PaperboyHandler<String, String> noteHandler =
        PaperboyHandler.of(notes, (msg, ctx) -> seenNotes.add(msg.value()));
    PaperboyHandler<String, Order> orderHandler =
        PaperboyHandler.of(orders, (msg, ctx) -> seenOrders.add(msg.value()));
    PaperboyEngine<byte[], byte[]> engine =
        PaperboyEngine.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .groupId(EmbeddedKafka.uniqueName("group"))
            .config(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))
            .handler(
                TypedHandler.of(noteHandler, new StringDeserializer(), new StringDeserializer()))
            .handler(
                TypedHandler.of(
                    orderHandler, new StringDeserializer(), JsonDeserializer.of(Order.class)))
            .options(
                EngineOptions.builder()
                    .failOnException(false)
                    .shutdownHook(false)
                    .listener(
                        new PaperboyListener() {
                          @Override
                          public void onHandlingFailed(
                              List<? extends ConsumerRecord<?, ?>> records,
                              Exception error,
                              boolean fatal) {
                            failed.addAll(records);
                          }
                        })
                    .build())
            .build();

    Future<?> run = thread.submit(engine::start);
    Await.until(
        DEADLINE,
        () -> seenNotes.size() == 2 && seenOrders.size() == 2 && failed.size() == 1,
        () -> "notes " + seenNotes + ", orders " + seenOrders + ", failed " + failed.size());
    engine.close();
    run.get();

    assertThat(seenNotes).containsExactly("hello", "world");
    assertThat(seenOrders).containsExactly(new Order("o1", "ada", 12), new Order("o3", "bob", 30));
    assertThat(failed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(orders);
              assertThat(r.offset()).isEqualTo(1);
            });
  }
}
