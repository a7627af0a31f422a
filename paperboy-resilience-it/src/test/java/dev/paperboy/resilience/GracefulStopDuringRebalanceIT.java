package dev.paperboy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A graceful stop that lands in the middle of a rebalance still commits what was handled. First
 * seen in {@link RebalanceChurnIT}: an engine on the classic protocol with the cooperative-sticky
 * assignor, closed while its consumer was in a rebalance, made one final {@code commitSync}, which
 * failed with {@link RebalanceInProgressException}; {@code consumer.close()} then reported the
 * partitions lost (the client does that when a rebalance is in progress), nothing was committed,
 * and every record handled since the last commit was delivered again to the partitions' next owner.
 * The engine now polls through the rebalance before its final commit.
 *
 * <p>To hold the engine in a rebalance, a plain consumer joins the group and then stops polling:
 * the group waits for it, so the engine's join stays pending (for up to that consumer's {@code
 * max.poll.interval.ms}) while the engine keeps handling its partitions, as the cooperative
 * protocol allows; its timed commits fail with {@code RebalanceInProgressException} meanwhile.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class GracefulStopDuringRebalanceIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void gracefulStopDuringACooperativeRebalanceCommitsWhatWasHandled(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("stop-in-rebalance");
    String group = EmbeddedKafka.uniqueName("group");
    kafka.createTopic(topic, 2);
    kafka.produceNumbered(topic, 2, 0, 10_000);
    Map<String, Object> cooperative =
        Map.of(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            CooperativeStickyAssignor.class.getName(),
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            500);
    Collection<Handling> handlings = new ConcurrentLinkedQueue<>();
    NamedEngine engine =
        new NamedEngine(
            "stopping",
            kafka.bootstrapServers(),
            topic,
            group,
            1_000,
            EngineOptions.builder().commitIntervalMs(200).bulkModeThreshold(null).build(),
            cooperative,
            handlings);
    engine.startInBackground();
    Await.until(DEADLINE, () -> engine.handledCount() > 100, "the engine handles records");

    KafkaConsumer<String, String> silent = silentMember(kafka, group, topic);
    try {
      Await.until(
          DEADLINE,
          () ->
              engine.commitFailures().stream()
                  .anyMatch(e -> e instanceof RebalanceInProgressException),
          () -> "a timed commit failed: the engine is in a rebalance; " + engine.rebalances());
      int handledInRebalance = engine.handledCount();
      Await.until(
          DEADLINE,
          () -> engine.handledCount() > handledInRebalance + 50,
          "the engine handles records during the rebalance");
      int failures = engine.commitFailures().size();
      engine.stop();
      awaitFinalCommit(engine, failures);
      silent.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      engine.close();

      assertThat(engine.outcome()).isNull();
      assertThat(kafka.committedOffsets(group))
          .as("committed after a graceful stop; rebalances %s", engine.rebalances())
          .isEqualTo(nextOffsets(topic, handlings));
    } finally {
      engine.close();
      silent.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /**
   * Waits until the engine's final commit failed or the engine stopped, for at most 10 s (an engine
   * that waits for the rebalance to end before it commits waits longer); then the silent member may
   * leave without changing what the final commit found. The consumer's close would otherwise block
   * for its default 30 s while the rebalance waits for the silent member.
   */
  private static void awaitFinalCommit(NamedEngine engine, int failuresBeforeStop)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (engine.commitFailures().size() == failuresBeforeStop
        && !engine.state().isTerminal()
        && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
    }
  }

  /**
   * A plain consumer that joins {@code group} and then polls no more, so the group's rebalance
   * waits for it.
   */
  private static KafkaConsumer<String, String> silentMember(
      EmbeddedKafka kafka, String group, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 60_000);
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    // Poll only until the group counts the silent member: once it stops polling, the cooperative
    // rebalance its join set off (the engine gives a partition up, then all must rejoin) waits for
    // it. Polling on until a non-stable state was seen could let that short window pass unseen
    // on a busy machine.
    Await.until(
        DEADLINE,
        () -> {
          consumer.poll(Duration.ofMillis(10));
          return group(kafka, group).members().size() == 2;
        },
        "the silent member joined the group");
    Await.until(
        DEADLINE,
        () -> group(kafka, group).groupState() != GroupState.STABLE,
        "the silent member's join started a rebalance");
    return consumer;
  }

  private static ConsumerGroupDescription group(EmbeddedKafka kafka, String group) {
    try {
      return kafka.admin().describeConsumerGroups(List.of(group)).all().get().get(group);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<TopicPartition, Long> nextOffsets(
      String topic, Collection<Handling> handlings) {
    Map<TopicPartition, Long> next = new HashMap<>();
    for (Handling handling : handlings) {
      RecordId record = handling.record();
      next.merge(new TopicPartition(topic, record.partition()), record.offset() + 1, Math::max);
    }
    return next;
  }
}
