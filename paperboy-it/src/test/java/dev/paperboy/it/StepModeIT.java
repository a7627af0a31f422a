package dev.paperboy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyListener;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class StepModeIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void secondStepWaitsUntilTheFirstCaughtUp(EmbeddedKafka kafka) throws Exception {
    String users = EmbeddedKafka.uniqueName("users");
    String orders = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(users, 3);
    kafka.createTopic(orders, 2);
    kafka.produceNumbered(users, 3, 0, 5_000);
    kafka.produceNumbered(orders, 2, 0, 2_000);
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicLong usersHandledWhenFirstOrderArrived = new AtomicLong(-1);
    RecordingBulkHandler userHandler =
        new RecordingBulkHandler(users) {
          @Override
          public void onBulk(List<ConsumerRecord<String, String>> msgs, dev.paperboy.Context ctx)
              throws Exception {
            super.onBulk(msgs, ctx);
            events.add("users");
          }
        };
    RecordingBulkHandler orderHandler =
        new RecordingBulkHandler(orders) {
          @Override
          public void onBulk(List<ConsumerRecord<String, String>> msgs, dev.paperboy.Context ctx)
              throws Exception {
            usersHandledWhenFirstOrderArrived.compareAndSet(-1, userHandler.handledCount());
            super.onBulk(msgs, ctx);
            events.add("orders");
          }

          @Override
          public void onMessage(ConsumerRecord<String, String> msg, dev.paperboy.Context ctx) {
            usersHandledWhenFirstOrderArrived.compareAndSet(-1, userHandler.handledCount());
            super.onMessage(msg, ctx);
          }
        };
    List<Integer> stepsDone = new CopyOnWriteArrayList<>();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onStepCompleted(int step, int steps) {
            stepsDone.add(step);
          }
        };
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            EmbeddedKafka.uniqueName("group"),
            EngineOptions.builder().bulkModeMaxRecords(1_000).listener(listener).build(),
            List.of(userHandler, orderHandler),
            List.of(List.of(userHandler), List.of(orderHandler)),
            Map.of(),
            c -> c);

    engine.startInBackground();
    Await.until(
        DEADLINE,
        () -> userHandler.handledCount() == 5_000 && orderHandler.handledCount() == 2_000,
        () -> "users " + userHandler.handledCount() + ", orders " + orderHandler.handledCount());
    kafka.produceNumbered(users, 3, 5_000, 9);
    kafka.produceNumbered(orders, 2, 2_000, 4);
    Await.until(
        DEADLINE,
        () -> userHandler.handledCount() == 5_009 && orderHandler.handledCount() == 2_004,
        "live records of both steps' topics handled");
    engine.close();

    assertThat(usersHandledWhenFirstOrderArrived.get()).isEqualTo(5_000);
    assertThat(stepsDone).containsExactly(0, 1);
    assertThat(events.indexOf("orders")).isGreaterThan(events.lastIndexOf("users"));
    assertThat(engine.outcome()).isNull();
  }
}
