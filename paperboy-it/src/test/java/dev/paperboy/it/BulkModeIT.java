package dev.paperboy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyListener;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class BulkModeIT {

  @Test
  void backlogArrivesInBatchesThenLiveRecordsOneByOne(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("backlog");
    kafka.createTopic(topic, 3);
    kafka.produceNumbered(topic, 3, 0, 50_000);
    RecordingBulkHandler handler = new RecordingBulkHandler(topic);
    List<ConsumptionMode> switches = new CopyOnWriteArrayList<>();
    PaperboyListener listener =
        new PaperboyListener() {
          @Override
          public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
            switches.add(to);
          }
        };
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            EmbeddedKafka.uniqueName("group"),
            EngineOptions.builder().bulkModeThreshold(1_000L).listener(listener).build(),
            List.of(handler));

    engine.startInBackground();
    Await.until(
        Duration.ofSeconds(60),
        () -> handler.handledCount() >= 50_000 && engine.mode() == ConsumptionMode.SINGLE,
        () -> "backlog handled and back in single mode: " + handler.handledCount());
    kafka.produceNumbered(topic, 3, 50_000, 30);
    Await.until(
        Duration.ofSeconds(30),
        () -> handler.handledCount() >= 50_030,
        () -> "live records handled: " + handler.handledCount());
    engine.close();

    assertThat(engine.outcome()).isNull();
    assertThat(handler.batches).isNotEmpty();
    assertThat(handler.batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(10_000));
    assertThat(handler.singles).hasSizeGreaterThanOrEqualTo(30);
    assertThat(handler.singles.subList(handler.singles.size() - 30, handler.singles.size()))
        .allSatisfy(
            r -> assertThat(Integer.parseInt(r.key().substring(4))).isGreaterThanOrEqualTo(50_000));
    assertThat(switches).containsSubsequence(ConsumptionMode.BULK, ConsumptionMode.SINGLE);
    for (int p = 0; p < 3; p++) {
      long expected = p == 0 ? 16_677 : (p == 1 ? 16_677 : 16_676);
      assertThat(handler.offsetsByPartition.get(p))
          .as("partition %d: every record once, in order", p)
          .containsExactlyElementsOf(LongStream.range(0, expected).boxed().toList());
    }
  }
}
