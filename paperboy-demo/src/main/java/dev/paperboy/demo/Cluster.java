package dev.paperboy.demo;

import dev.paperboy.test.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Exit;

/**
 * The Kafka cluster a demo runs on: a broker of its own (the test kit's embedded KRaft broker), or
 * an existing cluster. Creates the demo's topics, answers for committed offsets and, on an existing
 * cluster, deletes the run's topics again on {@link #close()}, the one its engine created too.
 */
final class Cluster implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 30;

  private final EmbeddedKafka embedded;
  private final ClusterCleanup cleanup;
  private final String bootstrapServers;
  private final Admin admin;
  private final List<String> owned = new ArrayList<>();

  private Cluster(EmbeddedKafka embedded, String bootstrapServers, ClusterCleanup cleanup) {
    this.embedded = embedded;
    this.cleanup = cleanup;
    this.bootstrapServers = bootstrapServers;
    this.admin =
        Admin.create(
            Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Starts a single-node broker in this JVM; it is stopped and its data deleted on close. */
  static Cluster embedded() {
    ClusterCleanup cleanup = new ClusterCleanup();
    EmbeddedKafka kafka = startQuietly(cleanup);
    return new Cluster(kafka, kafka.bootstrapServers(), cleanup);
  }

  /** An existing cluster; the demo's topics are deleted from it on close. */
  static Cluster existing(String bootstrapServers) {
    return new Cluster(null, bootstrapServers, null);
  }

  /**
   * Starts the embedded broker with standard output held back: formatting its storage prints two
   * lines of metadata there that mean nothing to a demo's reader. They are shown if the start
   * fails. Only the calling thread runs at this point, so swapping {@code System.out} is safe.
   *
   * <p>The test kit also registers JVM shutdown hooks (through Kafka's {@link Exit}) that delete
   * the broker's data directories. On Ctrl-C those would run at the same time as the demo's
   * graceful stop, pull the log directories from under the running broker and make it halt the JVM.
   * So they are held back here and run by {@link ClusterCleanup} once the broker is closed.
   */
  private static EmbeddedKafka startQuietly(ClusterCleanup cleanup) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream held = new ByteArrayOutputStream();
    System.setOut(new PrintStream(held, true, StandardCharsets.UTF_8));
    Exit.setShutdownHookAdder((name, hook) -> cleanup.add(hook));
    try {
      return EmbeddedKafka.start();
    } catch (RuntimeException e) {
      stdout.print(held.toString(StandardCharsets.UTF_8));
      cleanup.run();
      throw e;
    } finally {
      Exit.resetShutdownHookAdder();
      System.setOut(stdout);
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Admin admin() {
    return admin;
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  /**
   * Creates the topics the demo needs before its engine starts: users, compacted, as a table of the
   * latest profile per user is (compaction never touches the active segment, so during a run every
   * record stays readable); orders; and the order-accepted events. The engine creates the totals
   * changelog itself, as a service's engine does.
   */
  void createTopics(Topics topics) {
    NewTopic users =
        newTopic(topics.users(), topics.partitions())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    NewTopic orders = newTopic(topics.orders(), topics.partitions());
    NewTopic accepted = newTopic(topics.ordersAccepted(), topics.partitions());
    await(admin.createTopics(List.of(users, orders, accepted)).all());
    owned.addAll(topics.all());
    awaitLeaders(
        List.of(topics.users(), topics.orders(), topics.ordersAccepted()), topics.partitions());
  }

  private static NewTopic newTopic(String name, int partitions) {
    return new NewTopic(name, Optional.of(partitions), Optional.empty());
  }

  /**
   * Waits until the leader of every partition serves it: the admin client retries a list-offsets
   * request until each leader answers. Producing before that can fail for good: an idempotent
   * producer's first batch may be refused (not leader yet) while its second is accepted, and the
   * retried first batch is then out of sequence.
   */
  private void awaitLeaders(List<String> names, int partitions) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (String name : names) {
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(name, p), OffsetSpec.latest());
      }
    }
    await(admin.listOffsets(request).all());
  }

  /** The committed offset of every partition of {@code group} that has one. */
  Map<TopicPartition, Long> committedOffsets(String group) {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> result = new HashMap<>();
    offsets.forEach(
        (tp, om) -> {
          if (om != null) {
            result.put(tp, om.offset());
          }
        });
    return result;
  }

  /**
   * Deletes the demo's topics from an existing cluster, closes the admin client and stops an
   * embedded broker.
   */
  @Override
  public void close() {
    try {
      if (embedded == null && !owned.isEmpty()) {
        deleteOwnedTopics();
      }
    } finally {
      admin.close(Duration.ofSeconds(5));
      if (embedded != null) {
        embedded.close();
        cleanup.run();
      }
    }
  }

  /**
   * Deletes the run's topics that exist: the engine creates the totals changelog only if it ran.
   */
  private void deleteOwnedTopics() {
    Set<String> existing = await(admin.listTopics().names());
    List<String> delete = owned.stream().filter(existing::contains).toList();
    if (!delete.isEmpty()) {
      await(admin.deleteTopics(delete).all());
    }
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the cluster", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the cluster refused: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the cluster at " + bootstrapServers + " did not answer within 30 s", e);
    }
  }
}
