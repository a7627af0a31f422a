package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.offsets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class QuickStartIT {

  @Test
  void handlesEveryRecordInPartitionOrderWithItsContext(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("quickstart");
    String group = EmbeddedKafka.uniqueName("group");
    kafka.createTopic(topic, 3);
    kafka.produceNumbered(topic, 3, 0, 1_000);
    RecordingHandler handler = new RecordingHandler(topic);
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(), group, EngineOptions.defaults(), List.of(handler));

    engine.startInBackground();
    Await.until(
        Duration.ofSeconds(30),
        () -> handler.handledCount() >= 1_000,
        () -> "1000 records handled, got " + handler.handledCount());
    engine.close();

    assertThat(engine.outcome()).isNull();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.handledCount()).isEqualTo(1_000);
    assertThat(handler.offsets(0)).containsExactlyElementsOf(offsets(0, 334));
    assertThat(handler.offsets(1)).containsExactlyElementsOf(offsets(0, 333));
    assertThat(handler.offsets(2)).containsExactlyElementsOf(offsets(0, 333));
    assertThat(handler.contextValuesSeen).hasSize(1_000).containsOnly(topic);
    assertThat(kafka.committedOffsets(group)).isEqualTo(kafka.endOffsets(topic));
  }
}
