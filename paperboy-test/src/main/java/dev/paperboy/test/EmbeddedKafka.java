package dev.paperboy.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka cluster (KRaft, no ZooKeeper) running inside the test JVM on loopback, on
 * free ports, with its data in a temporary directory that is deleted on {@link #close()}.
 *
 * <p>A single node starts in two to three seconds. Start one per test class (see {@link
 * EmbeddedKafkaExtension}) and give every test its own topics and consumer group ({@link
 * #uniqueName(String)}), so tests do not see each other's records.
 *
 * <p>The helpers ({@link #createTopic}, {@link #produce}, {@link #committedOffsets}, {@link
 * #endOffsets}) block until the broker acknowledged, so a test can assert right after them.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger NAME_SEQUENCE = new AtomicInteger();

  private final KafkaClusterTestKit cluster;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.admin = Admin.create(adminConfig(cluster.bootstrapServers()));
    this.producer = new KafkaProducer<>(producerConfig(cluster.bootstrapServers()));
  }

  /**
   * Starts a single-node cluster (one combined broker and controller) and waits until it serves.
   */
  public static EmbeddedKafka start() {
    return builder().start();
  }

  /** Starts a cluster shaped by a builder, for tests that need several brokers. */
  public static Builder builder() {
    return new Builder();
  }

  /** The {@code bootstrap.servers} value for clients of this cluster. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** An admin client of this cluster, shared by all callers and closed with the cluster. */
  public Admin admin() {
    return admin;
  }

  /**
   * The broker ids of this cluster, for {@link #stopBroker(int)}. With combined nodes these are the
   * controller ids as well.
   */
  public List<Integer> brokerIds() {
    return new ArrayList<>(cluster.brokers().keySet());
  }

  /**
   * Stops one broker for good (an in-process broker cannot be started again). Clients fail over to
   * the remaining brokers. Use a cluster of separate controllers and brokers ({@link
   * Builder#brokers(int)}) for this: stopping a combined node takes minutes.
   */
  public void stopBroker(int brokerId) {
    var broker = cluster.brokers().get(brokerId);
    if (broker == null) {
      throw new IllegalArgumentException("no broker with id " + brokerId + ": " + brokerIds());
    }
    broker.shutdown();
    broker.awaitShutdown();
  }

  /** A name nobody else in this JVM got, for a test's topics and consumer groups. */
  public static String uniqueName(String prefix) {
    return prefix
        + "-"
        + NAME_SEQUENCE.incrementAndGet()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a topic with replication factor 1 and waits until it exists. */
  public void createTopic(String topic, int partitions) {
    createTopic(topic, partitions, (short) 1, Map.of());
  }

  /**
   * Creates a topic with the given replication and topic configs, and waits until every partition
   * has a leader that clients know of, so records can be produced at once.
   */
  public void createTopic(
      String topic, int partitions, short replicationFactor, Map<String, String> configs) {
    NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor).configs(configs);
    get(admin.createTopics(List.of(newTopic)).all());
    awaitLeaders(topic, partitions);
  }

  private void awaitLeaders(String topic, int partitions) {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (true) {
      List<PartitionInfo> known = producer.partitionsFor(topic);
      long led = known.stream().filter(p -> p.leader() != null && !p.leader().isEmpty()).count();
      if (known.size() == partitions && led == partitions) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "topic " + topic + " has no leader for every partition after " + ADMIN_TIMEOUT);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + topic, e);
      }
    }
  }

  /**
   * Produces string records to one partition in the given order and waits until all are
   * acknowledged. A {@code null} value in {@code keyValues} writes a tombstone.
   */
  public void produce(String topic, int partition, List<Map.Entry<String, String>> keyValues) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(keyValues.size());
    for (Map.Entry<String, String> kv : keyValues) {
      records.add(new ProducerRecord<>(topic, partition, bytes(kv.getKey()), bytes(kv.getValue())));
    }
    send(records);
  }

  /**
   * Produces {@code count} string records spread round-robin over the topic's {@code partitions}:
   * record {@code i} has key {@code "key-" + i}, value {@code "value-" + i} and goes to partition
   * {@code i % partitions}. Waits until all are acknowledged.
   */
  public void produceNumbered(String topic, int partitions, int from, int count) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      records.add(
          new ProducerRecord<>(topic, i % partitions, bytes("key-" + i), bytes("value-" + i)));
    }
    send(records);
  }

  /** Sends raw records and waits until all are acknowledged. */
  public void send(Collection<ProducerRecord<byte[], byte[]>> records) {
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>(records.size());
    for (ProducerRecord<byte[], byte[]> record : records) {
      acks.add(producer.send(record));
    }
    producer.flush();
    for (java.util.concurrent.Future<?> ack : acks) {
      get(ack);
    }
  }

  /**
   * Reads a topic from the beginning, without a consumer group, until {@code expected} records
   * arrived or {@code timeout} passed, and returns what arrived, as raw bytes.
   */
  public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration timeout) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() - deadline < 0) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * The committed offsets of a consumer group, per partition (only partitions with a commit). Empty
   * when the group never committed.
   */
  public Map<TopicPartition, Long> committedOffsets(String groupId) {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> result = new HashMap<>();
    offsets.forEach(
        (tp, om) -> {
          if (om != null) {
            result.put(tp, om.offset());
          }
        });
    return result;
  }

  /** The log end offset of every partition of a topic. */
  public Map<TopicPartition, Long> endOffsets(String topic) {
    int partitions =
        get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer =
        get(admin.listOffsets(request).all());
    Map<TopicPartition, Long> result = new HashMap<>();
    answer.forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  /**
   * Stops the clients and the cluster and deletes its data. Bounded: a cluster whose broker was
   * stopped can hang in close, so this gives up after 30 seconds and leaves the rest to JVM exit.
   */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
    Thread closer =
        new Thread(
            () -> {
              try {
                cluster.close();
              } catch (Exception e) {
                // A test failure is reported by the test; a close failure would only hide it.
              }
            },
            "embedded-kafka-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Map<String, Object> adminConfig(String bootstrap) {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
  }

  private static Properties producerConfig(String bootstrap) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // One request in flight keeps the produced order under retries without the idempotent
    // producer's sequence bookkeeping, which once stalled a partition for minutes right after the
    // topic was created.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return config;
  }

  static <T> T get(java.util.concurrent.Future<T> future) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "embedded broker request failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("embedded broker did not answer within " + ADMIN_TIMEOUT, e);
    }
  }

  /** Shapes a cluster: how many brokers, and broker configs beyond the test defaults. */
  public static final class Builder {
    private int brokers = 1;
    private final Map<String, Object> brokerConfig = new HashMap<>();

    private Builder() {}

    /**
     * The number of brokers. One gives a combined broker-and-controller node; more give separate
     * brokers with one controller, which can be stopped one by one.
     */
    public Builder brokers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("brokers must be > 0: " + count);
      }
      this.brokers = count;
      return this;
    }

    /** A broker config property (for example {@code min.insync.replicas}). */
    public Builder brokerConfig(String name, Object value) {
      brokerConfig.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Formats storage, starts the nodes and waits until every broker is ready. */
    public EmbeddedKafka start() {
      boolean combined = brokers == 1;
      short replication = (short) Math.min(3, brokers);
      KafkaClusterTestKit cluster = null;
      try {
        KafkaClusterTestKit.Builder builder =
            new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(combined)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .build());
        // Without these a one-broker cluster cannot create the internal topics and groups hang.
        builder.setConfigProp("offsets.topic.replication.factor", String.valueOf(replication));
        builder.setConfigProp("offsets.topic.num.partitions", "1");
        builder.setConfigProp(
            "transaction.state.log.replication.factor", String.valueOf(replication));
        builder.setConfigProp("transaction.state.log.min.isr", "1");
        builder.setConfigProp("group.initial.rebalance.delay.ms", "0");
        brokerConfig.forEach(builder::setConfigProp);
        cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
      } catch (Exception e) {
        if (cluster != null) {
          try {
            cluster.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("could not start the embedded Kafka cluster", e);
      }
    }
  }
}
