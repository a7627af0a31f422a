package dev.paperboy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILL of an engine whose handler forwards every record to an output topic through the engine's
 * {@code Sender}: since an offset is committed only once the sends made while handling its record
 * were acknowledged, every input's output is there after the restart, at least once.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ForwardCrashIT {
  private static final int RECORDS = 50_000;
  private static final int PARTITIONS = 3;
  private static final Duration DEADLINE = Duration.ofSeconds(240);

  @Test
  void everyInputHasItsOutputAfterASigkillAndARestart(EmbeddedKafka kafka) throws Exception {
    String input = EmbeddedKafka.uniqueName("forward-in");
    String output = EmbeddedKafka.uniqueName("forward-out");
    String group = EmbeddedKafka.uniqueName("group");
    kafka.createTopic(input, PARTITIONS);
    kafka.createTopic(output, PARTITIONS);
    kafka.produceNumbered(input, PARTITIONS, 0, RECORDS);

    int handledAtKill;
    try (ChildEngine first = child(kafka, input, output, group)) {
      Await.until(
          DEADLINE,
          () -> first.handledCount() >= RECORDS / 3,
          () -> "first run handled " + first.handledCount());
      first.kill();
      first.awaitExit(30);
      handledAtKill = first.handledCount();
    }
    Map<TopicPartition, Long> committedAtKill = kafka.committedOffsets(group);
    try (ChildEngine second = child(kafka, input, output, group)) {
      Await.until(
          DEADLINE,
          () -> total(kafka.committedOffsets(group)) == RECORDS,
          () -> "committed " + kafka.committedOffsets(group));
      second.terminate();
      second.awaitExit(60);
    }

    long written = total(kafka.endOffsets(output));
    List<ConsumerRecord<byte[], byte[]>> forwarded =
        kafka.read(output, (int) written, Duration.ofSeconds(60));
    Set<String> values = new HashSet<>();
    forwarded.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
    Set<String> missing = new HashSet<>();
    for (int i = 0; i < RECORDS; i++) {
      if (!values.contains("value-" + i)) {
        missing.add("value-" + i);
      }
    }
    System.out.printf(
        "ForwardCrashIT: killed after %d handled, %d committed; %d outputs for %d inputs (%d sent"
            + " again)%n",
        handledAtKill,
        total(committedAtKill),
        forwarded.size(),
        RECORDS,
        forwarded.size() - RECORDS);
    assertThat(total(committedAtKill)).isLessThan(RECORDS);
    assertThat(missing).as("inputs without output").isEmpty();
  }

  private static ChildEngine child(EmbeddedKafka kafka, String input, String output, String group)
      throws Exception {
    return ChildEngine.builder(kafka.bootstrapServers(), input, group)
        .handledFile(ChildEngine.tempFile("forward-handled"))
        .commitIntervalMs(200)
        .delayMicros(20)
        .forwardTo(output)
        .producerConfig("linger.ms", "0") // each record waits for its own send's acknowledgement
        // Static membership: the restarted engine takes the killed one's partitions at once, not
        // after the session timeout (45 s) has passed.
        .consumerConfig("group.instance.id", "forward-child")
        .start();
  }

  private static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
