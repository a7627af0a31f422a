package dev.paperboy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SIGTERM to a JVM running an engine: the shutdown hook stops it with its final commit. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ShutdownHookIT {

  @Test
  void sigtermStopsGracefullyWithTheFinalCommit(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("sigterm");
    String group = EmbeddedKafka.uniqueName("group");
    kafka.createTopic(topic, 3);
    kafka.produceNumbered(topic, 3, 0, 30_000);
    try (ChildEngine child =
        ChildEngine.builder(kafka.bootstrapServers(), topic, group)
            .handledFile(ChildEngine.tempFile("handled"))
            .commitIntervalMs(600_000)
            .delayMicros(200)
            .start()) {

      Await.until(
          Duration.ofSeconds(60),
          () -> child.handledCount() >= 1_000,
          () -> "child handled 1000 records; log: " + child.logTail(80));
      child.terminate();
      int exit = child.awaitExit(60);

      List<RecordId> done = child.handled();
      assertThat(done.size()).as("stopped midway").isLessThan(30_000);
      assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(kafka.committedOffsets(group))
          .as("the final commit covers exactly what was handled, though the interval never passed")
          .isEqualTo(nextOffsets(topic, done));
    }
  }

  private static Map<TopicPartition, Long> nextOffsets(String topic, List<RecordId> handled) {
    Map<TopicPartition, Long> next = new HashMap<>();
    for (RecordId record : handled) {
      next.merge(new TopicPartition(topic, record.partition()), record.offset() + 1, Math::max);
    }
    return next;
  }
}
