package dev.paperboy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A broker of three stops while a producer writes with {@code acks=all} to a topic replicated three
 * times with {@code min.insync.replicas=2}, and an engine consumes it: the engine keeps running and
 * handles every acknowledged record. The stopped broker is the group coordinator, so commits fail
 * over too. In-process brokers cannot start again; {@link BrokerRestartIT} restarts one.
 */
class BrokerFailoverIT {
  static final int PARTITIONS = 6;
  static final Duration DEADLINE = Duration.ofSeconds(90);

  @Test
  void engineKeepsConsumingAndLosesNoAcknowledgedRecordWhenABrokerStops() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokers(3).start()) {
      String topic = EmbeddedKafka.uniqueName("failover");
      String group = EmbeddedKafka.uniqueName("group");
      kafka.createTopic(topic, PARTITIONS, (short) 3, Map.of("min.insync.replicas", "2"));
      ClusterView view = new ClusterView(kafka.admin());
      Collection<Handling> handlings = new ConcurrentLinkedQueue<>();
      NamedEngine engine = engine(kafka.bootstrapServers(), topic, group, handlings);
      try (AckedProducer producer =
          new AckedProducer(kafka.bootstrapServers(), topic, 100, 20).start()) {
        engine.startInBackground();
        Await.until(DEADLINE, () -> engine.handledCount() >= 5_000, "5000 records handled");

        int coordinator = view.coordinator(group);
        List<Integer> led = view.ledBy(topic, coordinator);
        int handledAtStop = engine.handledCount();
        long stopping = System.nanoTime();
        kafka.stopBroker(coordinator);
        long stopMs = (System.nanoTime() - stopping) / 1_000_000;
        awaitProgress(producer, engine, "broker " + coordinator + " is down");
        Set<RecordId> acked = stopAndAwaitAllHandled(producer, handlings);

        System.out.printf(
            "BrokerFailoverIT: stopped coordinator broker %d (leader of partitions %s) in %d ms,"
                + " %d records handled when it began; %s%n",
            coordinator, led, stopMs, handledAtStop, summary(producer, engine, handlings));
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
        awaitCommittedToTheEnd(view, topic, group);
      } finally {
        engine.close();
      }
      assertThat(engine.outcome()).isNull();
      assertThat(handlings)
          .as("handlings, none twice")
          .hasSameSizeAs(ClusterView.distinct(handlings));
    }
  }

  /** The engine of both failover tests: default options, commits every 500 ms. */
  static NamedEngine engine(
      String bootstrap, String topic, String group, Collection<Handling> handlings) {
    return new NamedEngine(
        "failover",
        bootstrap,
        topic,
        group,
        50,
        EngineOptions.builder().commitIntervalMs(500).build(),
        Map.of(),
        handlings);
  }

  /** Waits until 3000 more records were acknowledged and handled than now. */
  static void awaitProgress(AckedProducer producer, NamedEngine engine, String situation) {
    int acked = producer.ackedCount();
    int handled = engine.handledCount();
    Await.until(
        DEADLINE,
        () -> producer.ackedCount() > acked + 3_000 && engine.handledCount() > handled + 3_000,
        "3000 more records acknowledged and handled while " + situation);
  }

  /** Stops producing and waits until every acknowledged record was handled; returns those. */
  static Set<RecordId> stopAndAwaitAllHandled(
      AckedProducer producer, Collection<Handling> handlings) throws InterruptedException {
    producer.stop();
    Set<RecordId> acked = producer.acked();
    Await.until(
        DEADLINE,
        () -> ClusterView.distinct(handlings).containsAll(acked),
        () -> "all acked records handled; missing " + ClusterView.missing(acked, handlings).size());
    return acked;
  }

  static void awaitCommittedToTheEnd(ClusterView view, String topic, String group) {
    Await.until(
        DEADLINE,
        () -> view.committedOffsets(group).equals(view.endOffsets(topic, PARTITIONS)),
        () -> "committed " + view.committedOffsets(group) + " reach the end");
  }

  static String summary(
      AckedProducer producer, NamedEngine engine, Collection<Handling> handlings) {
    return String.format(
        "sent %d, acked %d, failed %d (%s); handled %d, %d records handled twice; rebalances %s",
        producer.sent(),
        producer.ackedCount(),
        producer.failed(),
        producer.firstFailure(),
        handlings.size(),
        handlings.size() - ClusterView.distinct(handlings).size(),
        engine.rebalances());
  }
}
