package dev.paperboy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class ShutdownHookIT {

  @Test
  void sigtermStopsGracefullyWithTheFinalCommit(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("sigterm");
    String group = EmbeddedKafka.uniqueName("group");
    kafka.createTopic(topic, 3);
    kafka.produceNumbered(topic, 3, 0, 30_000);
    Path handled = ChildEngine.tempFile("handled");
    Path log = ChildEngine.tempFile("child-log");
    ChildEngine child =
        ChildEngine.start(kafka.bootstrapServers(), topic, group, handled, 600_000, 200, log);

    Await.until(
        Duration.ofSeconds(60),
        () -> lines(child) >= 1_000,
        () -> "child handled 1000 records; log: " + log);
    child.terminate();
    int exit = child.awaitExit(60);

    List<String> done = child.handled();
    assertThat(done.size()).as("stopped midway").isLessThan(30_000);
    assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
    assertThat(kafka.committedOffsets(group))
        .as("the final commit covers exactly what was handled, though the interval never passed")
        .isEqualTo(nextOffsets(topic, done));
  }

  private static int lines(ChildEngine child) {
    try {
      return child.handled().size();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<TopicPartition, Long> nextOffsets(String topic, List<String> handled) {
    Map<TopicPartition, Long> next = new HashMap<>();
    for (String line : handled) {
      String[] parts = line.split(":");
      TopicPartition tp = new TopicPartition(topic, Integer.parseInt(parts[0]));
      next.merge(tp, Long.parseLong(parts[1]) + 1, Math::max);
    }
    return next;
  }
}
