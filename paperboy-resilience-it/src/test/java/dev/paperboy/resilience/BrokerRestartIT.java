package dev.paperboy.resilience;

import static dev.paperboy.resilience.BrokerFailoverIT.PARTITIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineState;
import dev.paperboy.test.Await;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Brokers in JVMs of their own, stopped and started again while a producer writes with {@code
 * acks=all} to a topic replicated three times with {@code min.insync.replicas=2}, and an engine
 * consumes it. First the group coordinator stops (SIGTERM, a controlled shutdown) and comes back;
 * once it is in sync again, another broker is killed (SIGKILL, a crash), so the returned broker
 * must serve as one of the two in-sync replicas; then that one comes back too. The engine keeps
 * running through all of it and handles every acknowledged record.
 */
class BrokerRestartIT {

  @Test
  void engineLosesNoAcknowledgedRecordWhileBrokersStopAndRestart() throws Exception {
    try (ForkedKafkaCluster cluster = ForkedKafkaCluster.start(3, Map.of())) {
      String topic = "restart-" + System.nanoTime();
      String group = "group-" + System.nanoTime();
      NewTopic newTopic = new NewTopic(topic, PARTITIONS, (short) 3);
      cluster
          .admin()
          .createTopics(List.of(newTopic.configs(Map.of("min.insync.replicas", "2"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      cluster.awaitFullIsr(topic);
      ClusterView view = new ClusterView(cluster.admin());
      Collection<Handling> handlings = new ConcurrentLinkedQueue<>();
      NamedEngine engine =
          BrokerFailoverIT.engine(cluster.bootstrapServers(), topic, group, handlings);
      try (AckedProducer producer =
          new AckedProducer(cluster.bootstrapServers(), topic, 100, 20).start()) {
        engine.startInBackground();
        Await.until(
            BrokerFailoverIT.DEADLINE, () -> engine.handledCount() >= 5_000, "5000 handled");

        int first = view.coordinator(group);
        bounce(cluster, view, topic, first, true, producer, engine);
        int second = cluster.brokerIds().stream().filter(id -> id != first).findFirst().get();
        bounce(cluster, view, topic, second, false, producer, engine);
        BrokerFailoverIT.stopAndAwaitAllHandled(producer, handlings);

        System.out.printf(
            "BrokerRestartIT: bounced brokers %d (the coordinator) and %d; %s%n",
            first, second, BrokerFailoverIT.summary(producer, engine, handlings));
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
        BrokerFailoverIT.awaitCommittedToTheEnd(view, topic, group);
      } finally {
        engine.close();
      }
      assertThat(engine.outcome()).isNull();
      assertThat(handlings)
          .as("handlings, none twice")
          .hasSameSizeAs(ClusterView.distinct(handlings));
    }
  }

  /**
   * Stops a broker (SIGTERM if {@code graceful}, else SIGKILL), waits until the producer and the
   * engine make progress without it, starts it again and waits until it is back in sync.
   */
  private static void bounce(
      ForkedKafkaCluster cluster,
      ClusterView view,
      String topic,
      int broker,
      boolean graceful,
      AckedProducer producer,
      NamedEngine engine)
      throws Exception {
    List<Integer> led = view.ledBy(topic, broker);
    long stopping = System.nanoTime();
    if (graceful) {
      cluster.stopBroker(broker);
    } else {
      cluster.killBroker(broker);
    }
    long stoppedMs = millisSince(stopping);
    BrokerFailoverIT.awaitProgress(producer, engine, "broker " + broker + " is down");
    long starting = System.nanoTime();
    cluster.startBroker(broker);
    long startedMs = millisSince(starting);
    cluster.awaitFullIsr(topic);
    System.out.printf(
        "BrokerRestartIT: broker %d (leader of %s) %s in %d ms; started again in %d ms,"
            + " in sync %d ms later%n",
        broker,
        led,
        graceful ? "stopped by SIGTERM" : "killed by SIGKILL",
        stoppedMs,
        startedMs,
        millisSince(starting) - startedMs);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
