package dev.paperboy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.table.StateTable;
import dev.paperboy.table.Table;
import dev.paperboy.table.TableStatus;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class TablesIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Map<String, String> COMPACT =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

  @Test
  void viewHoldsTheLatestValuePerLiveKeyBeforeTheFirstHandlerCallAndFollowsLaterUpdates(
      EmbeddedKafka kafka) throws Exception {
    String users = EmbeddedKafka.uniqueName("users");
    String ticks = ItSupport.newTopic(kafka, "ticks", 1);
    kafka.createTopic(users, 3, (short) 1, COMPACT);
    Map<String, String> expected = produceUsersWithUpdatesAndTombstones(kafka, users, 10_000);
    kafka.produce(ticks, 0, List.of(new SimpleEntry<>("tick", "1")));
    Table<String, String> table = Table.view(users, Serdes.String(), Serdes.String());
    AtomicReference<Map<String, String>> seenByFirstHandlerCall = new AtomicReference<>();
    List<TableStatus> restored = new CopyOnWriteArrayList<>();
    PaperboyEngine<String, String> engine =
        engine(kafka, ItSupport.newGroup())
            .options(EngineOptions.builder().listener(restoredInto(restored)).build())
            .table(table)
            .handler(
                ticks, (msg, ctx) -> seenByFirstHandlerCall.compareAndSet(null, contents(table)))
            .build();

    try (RunningEngine<String, String> running = RunningEngine.start(engine, "view")) {
      running.awaitRunning(DEADLINE);
      Await.until(DEADLINE, () -> seenByFirstHandlerCall.get() != null, "first handler call");
      assertThat(seenByFirstHandlerCall.get()).isEqualTo(expected);
      assertThat(table.size()).isEqualTo(expected.size());
      assertThat(restored).hasSize(1);
      assertThat(restored.get(0).restored()).isTrue();
      assertThat(engine.status().tables().get(users).restored()).isTrue();

      kafka.produce(users, 1, List.of(new SimpleEntry<>("user-1", "updated")));
      long sent = System.nanoTime();
      Await.until(
          Duration.ofSeconds(1), () -> "updated".equals(table.get("user-1")), "update visible");
      System.out.printf(
          "TablesIT: a later update was visible after %d ms%n",
          (System.nanoTime() - sent) / 1_000_000);
    }
  }

  @Test
  void viewHoldsOnlyCommittedWritesAndRestoresUpToAnOpenTransaction(EmbeddedKafka kafka)
      throws Exception {
    String users = EmbeddedKafka.uniqueName("users");
    String ticks = ItSupport.newTopic(kafka, "ticks", 1);
    kafka.createTopic(users, 1, (short) 1, COMPACT);
    kafka.produce(ticks, 0, List.of(new SimpleEntry<>("tick", "1")));
    Table<String, String> table = Table.view(users, Serdes.String(), Serdes.String());
    AtomicReference<Map<String, String>> seenByFirstHandlerCall = new AtomicReference<>();
    PaperboyEngine<String, String> engine =
        engine(kafka, ItSupport.newGroup())
            .table(table)
            .handler(
                ticks, (msg, ctx) -> seenByFirstHandlerCall.compareAndSet(null, contents(table)))
            .build();

    try (KafkaProducer<String, String> done = transactional(kafka);
        KafkaProducer<String, String> open = transactional(kafka)) {
      done.beginTransaction();
      done.send(new ProducerRecord<>(users, "user-1", "aborted"));
      done.send(new ProducerRecord<>(users, "user-2", "aborted"));
      done.flush();
      done.abortTransaction();
      done.beginTransaction();
      done.send(new ProducerRecord<>(users, "user-1", "committed"));
      done.commitTransaction();
      open.beginTransaction();
      open.send(new ProducerRecord<>(users, "user-3", "not committed yet"));
      open.flush();

      try (RunningEngine<String, String> running = RunningEngine.start(engine, "committed")) {
        running.awaitRunning(DEADLINE);
        Await.until(DEADLINE, () -> seenByFirstHandlerCall.get() != null, "first handler call");
        assertThat(seenByFirstHandlerCall.get()).containsExactly(Map.entry("user-1", "committed"));
        open.commitTransaction();
        Await.until(DEADLINE, () -> table.containsKey("user-3"), "committed transaction read");
      }
    }
  }

  private static KafkaProducer<String, String> transactional(EmbeddedKafka kafka) {
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                EmbeddedKafka.uniqueName("tx")),
            new StringSerializer(),
            new StringSerializer());
    producer.initTransactions();
    return producer;
  }

  @Test
  void twoEnginesSeeEachOthersWritesAndAThirdRestoresTheLatestValuePerKey(EmbeddedKafka kafka)
      throws Exception {
    String input = ItSupport.newTopic(kafka, "input", 4);
    String changelog = EmbeddedKafka.uniqueName("totals-changelog");
    String group = ItSupport.newGroup();
    StateTable<String, String> tableA = StateTable.of(changelog, Serdes.String(), Serdes.String());
    StateTable<String, String> tableB = StateTable.of(changelog, Serdes.String(), Serdes.String());
    Map<String, Set<Integer>> partitionsHandled = new ConcurrentHashMap<>();
    Map<String, String> expected = new HashMap<>();
    List<Map.Entry<String, String>> round = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      round.add(new SimpleEntry<>("key-" + i, "a-" + i));
      expected.put("key-" + i, "a-" + i);
    }

    try (RunningEngine<String, String> a =
            RunningEngine.start(writer(kafka, group, input, tableA, "A", partitionsHandled), "A");
        RunningEngine<String, String> b =
            RunningEngine.start(writer(kafka, group, input, tableB, "B", partitionsHandled), "B")) {
      a.awaitRunning(DEADLINE);
      b.awaitRunning(DEADLINE);
      produceSpread(kafka, input, 4, round);
      Await.until(
          DEADLINE,
          () -> contents(tableA).equals(expected) && contents(tableB).equals(expected),
          () -> "A holds " + tableA.size() + ", B holds " + tableB.size());
      assertThat(partitionsHandled.get("A"))
          .isNotEmpty()
          .doesNotContainAnyElementsOf(partitionsHandled.get("B"));
      List<Map.Entry<String, String>> second = new ArrayList<>();
      for (int i = 0; i < 1_000; i += 2) {
        String value = i % 10 == 0 ? "delete" : "b-" + i;
        second.add(new SimpleEntry<>("key-" + i, value));
        if (value.equals("delete")) {
          expected.remove("key-" + i);
        } else {
          expected.put("key-" + i, value);
        }
      }
      produceSpread(kafka, input, 4, second);
      Await.until(
          DEADLINE,
          () -> contents(tableA).equals(expected) && contents(tableB).equals(expected),
          () -> "A holds " + tableA.size() + ", B holds " + tableB.size());
    }
    StateTable<String, String> tableC = StateTable.of(changelog, Serdes.String(), Serdes.String());
    AtomicReference<Map<String, String>> seenByC = new AtomicReference<>();
    String ticks = ItSupport.newTopic(kafka, "ticks", 1);
    kafka.produce(ticks, 0, List.of(new SimpleEntry<>("tick", "1")));
    PaperboyEngine<String, String> third =
        engine(kafka, ItSupport.newGroup())
            .table(tableC)
            .handler(ticks, (msg, ctx) -> seenByC.compareAndSet(null, contents(tableC)))
            .build();

    try (RunningEngine<String, String> c = RunningEngine.start(third, "C")) {
      c.awaitRunning(DEADLINE);
      Await.until(DEADLINE, () -> seenByC.get() != null, "C's first handler call");
      assertThat(seenByC.get()).isEqualTo(expected);
    }
    assertThat(
            kafka
                .admin()
                .describeConfigs(
                    List.of(
                        new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, changelog)))
                .all()
                .get()
                .values()
                .iterator()
                .next()
                .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                .value())
        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  @Test
  void anExistingChangelogTopicThatIsNotCompactedFailsTheStart(EmbeddedKafka kafka) {
    String changelog = EmbeddedKafka.uniqueName("deleted-changelog");
    kafka.createTopic(
        changelog,
        1,
        (short) 1,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    StateTable<String, String> table = StateTable.of(changelog, Serdes.String(), Serdes.String());
    String input = ItSupport.newTopic(kafka, "input", 1);
    PaperboyEngine<String, String> engine =
        engine(kafka, ItSupport.newGroup()).table(table).handler(input, (msg, ctx) -> {}).build();

    try (RunningEngine<String, String> running = RunningEngine.start(engine, "deleted")) {
      assertThat(running.outcome())
          .isInstanceOf(PaperboyException.class)
          .hasMessageContaining("changelog topic " + changelog)
          .hasMessageContaining("cleanup.policy=delete")
          .hasMessageContaining("cleanup.policy=compact");
    }
  }

  /**
   * The README's reference data: orders of unknown users are rejected. After a restart, orders of
   * users produced before it are accepted (a view restores from the topic, not from a committed
   * offset); two engines in one group each accept orders of every user, whatever partitions of
   * {@code users} and {@code orders} they own.
   */
  @Test
  void ordersOfKnownUsersAreAcceptedAfterARestartAndByEveryEngineOfAGroup(EmbeddedKafka kafka)
      throws Exception {
    String users = EmbeddedKafka.uniqueName("users");
    kafka.createTopic(users, 3, (short) 1, COMPACT);
    String orders = ItSupport.newTopic(kafka, "orders", 4);
    List<Map.Entry<String, String>> userRecords = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      userRecords.add(new SimpleEntry<>("user-" + i, "name-" + i));
    }
    produceSpread(kafka, users, 3, userRecords);
    String group = ItSupport.newGroup();
    OrderCheck first = new OrderCheck(orders, Table.view(users, Serdes.String(), Serdes.String()));
    try (RunningEngine<String, String> engine =
        RunningEngine.start(orderEngine(kafka, group, first), "orders-1")) {
      engine.awaitRunning(DEADLINE);
      produceSpread(kafka, orders, 4, ordersOf(0, 90, "user-"));
      Await.until(DEADLINE, () -> first.accepted.size() == 90, () -> "accepted " + first.accepted);
    }

    OrderCheck restarted =
        new OrderCheck(orders, Table.view(users, Serdes.String(), Serdes.String()));
    produceSpread(kafka, orders, 4, ordersOf(90, 180, "user-"));
    produceSpread(kafka, orders, 4, List.of(new SimpleEntry<>("order-x", "nobody")));
    try (RunningEngine<String, String> engine =
        RunningEngine.start(orderEngine(kafka, group, restarted), "orders-2")) {
      engine.awaitRunning(DEADLINE);
      Await.until(
          DEADLINE,
          () -> restarted.accepted.size() + restarted.rejected.size() == 91,
          () -> "accepted " + restarted.accepted.size() + ", rejected " + restarted.rejected);
    }
    assertThat(restarted.rejected).containsExactly("order-x");

    String pair = ItSupport.newGroup();
    OrderCheck left = new OrderCheck(orders, Table.view(users, Serdes.String(), Serdes.String()));
    OrderCheck right = new OrderCheck(orders, Table.view(users, Serdes.String(), Serdes.String()));
    try (RunningEngine<String, String> l =
            RunningEngine.start(orderEngine(kafka, pair, left), "left");
        RunningEngine<String, String> r =
            RunningEngine.start(orderEngine(kafka, pair, right), "right")) {
      l.awaitRunning(DEADLINE);
      r.awaitRunning(DEADLINE);
      Await.until(
          DEADLINE,
          () ->
              l.engine().status().partitions().size() == 2
                  && r.engine().status().partitions().size() == 2,
          "both engines own two partitions of orders");
      for (int partition = 0; partition < 4; partition++) {
        List<Map.Entry<String, String>> everyUser = new ArrayList<>();
        for (int u = 0; u < 90; u++) {
          everyUser.add(new SimpleEntry<>("order-" + partition + "-" + u, "user-" + u));
        }
        kafka.produce(orders, partition, everyUser); // each partition has orders of every user
      }
      Await.until(
          DEADLINE,
          () ->
              left.accepted.stream().filter(o -> o.indexOf('-') != o.lastIndexOf('-')).count()
                      + right.accepted.stream()
                          .filter(o -> o.indexOf('-') != o.lastIndexOf('-'))
                          .count()
                  >= 360,
          () -> "left " + left.accepted.size() + ", right " + right.accepted.size());
      assertThat(left.usersAccepted).hasSize(90);
      assertThat(right.usersAccepted).hasSize(90);
      assertThat(left.rejected).isSubsetOf("order-x");
      assertThat(right.rejected).isSubsetOf("order-x");
    }
  }

  /** Rejects (throws for) an order whose user the table does not hold. */
  private static final class OrderCheck extends PaperboyHandler<String, String> {
    private final String topic;
    private final Table<String, String> users;
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Set<String> usersAccepted = ConcurrentHashMap.newKeySet();
    final List<String> rejected = new CopyOnWriteArrayList<>();

    OrderCheck(String topic, Table<String, String> users) {
      this.topic = topic;
      this.users = users;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      if (!users.containsKey(msg.value())) {
        rejected.add(msg.key());
        throw new IllegalStateException("order " + msg.key() + " of unknown user " + msg.value());
      }
      accepted.add(msg.key());
      usersAccepted.add(msg.value());
    }
  }

  private static PaperboyEngine<String, String> orderEngine(
      EmbeddedKafka kafka, String group, OrderCheck check) {
    return engine(kafka, group)
        .options(EngineOptions.builder().failOnException(false).commitIntervalMs(200).build())
        .table(check.users)
        .handler(check)
        .build();
  }

  private static PaperboyEngine<String, String> writer(
      EmbeddedKafka kafka,
      String group,
      String input,
      StateTable<String, String> table,
      String name,
      Map<String, Set<Integer>> partitionsHandled) {
    return engine(kafka, group)
        .table(table)
        .handler(
            input,
            (msg, ctx) -> {
              partitionsHandled
                  .computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet())
                  .add(msg.partition());
              if (msg.value().equals("delete")) {
                table.delete(msg.key());
              } else {
                table.put(msg.key(), msg.value());
              }
              // read your writes: visible here at once
              assertThat(table.get(msg.key()))
                  .isEqualTo(msg.value().equals("delete") ? null : msg.value());
            })
        .build();
  }

  private static dev.paperboy.EngineBuilder<String, String> engine(
      EmbeddedKafka kafka, String group) {
    return PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
        .bootstrapServers(kafka.bootstrapServers())
        .groupId(group)
        .config(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  private static Map<String, String> produceUsersWithUpdatesAndTombstones(
      EmbeddedKafka kafka, String topic, int keys) {
    Map<String, String> latest = new HashMap<>();
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      records.add(new SimpleEntry<>("user-" + i, "v1-" + i));
      latest.put("user-" + i, "v1-" + i);
    }
    for (int i = 0; i < keys; i += 3) {
      records.add(new SimpleEntry<>("user-" + i, "v2-" + i));
      latest.put("user-" + i, "v2-" + i);
    }
    for (int i = 0; i < keys; i += 7) {
      records.add(new SimpleEntry<>("user-" + i, null));
      latest.remove("user-" + i);
    }
    for (int i = 0; i < keys; i += 49) {
      records.add(new SimpleEntry<>("user-" + i, "back-" + i)); // deleted, then back
      latest.put("user-" + i, "back-" + i);
    }
    produceSpread(kafka, topic, 3, records);
    return latest;
  }

  /** Produces to the partition the default partitioner picks for each key, in order per key. */
  private static void produceSpread(
      EmbeddedKafka kafka, String topic, int partitions, List<Map.Entry<String, String>> records) {
    Map<Integer, List<Map.Entry<String, String>>> byPartition = new HashMap<>();
    for (Map.Entry<String, String> record : records) {
      int partition =
          org.apache.kafka.common.utils.Utils.toPositive(
                  org.apache.kafka.common.utils.Utils.murmur2(
                      record.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              % partitions;
      byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
    }
    byPartition.forEach((partition, list) -> kafka.produce(topic, partition, list));
  }

  private static List<Map.Entry<String, String>> ordersOf(int from, int to, String userPrefix) {
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int i = from; i < to; i++) {
      orders.add(new SimpleEntry<>("order-" + i, userPrefix + (i % 90)));
    }
    return orders;
  }

  private static Map<String, String> contents(Table<String, String> table) {
    Map<String, String> contents = new HashMap<>();
    table.forEach(contents::put);
    return contents;
  }

  private static PaperboyListener restoredInto(List<TableStatus> restored) {
    return new PaperboyListener() {
      @Override
      public void onTableRestored(TableStatus status, long durationMs) {
        restored.add(status);
      }
    };
  }
}
