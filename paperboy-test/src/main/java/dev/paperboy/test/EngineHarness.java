package dev.paperboy.test;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineOptions;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Runs handlers in a real Paperboy engine without a broker: the engine's own poll loop, lanes,
 * modes, commits, retries and error policy, over kafka-clients' {@code MockConsumer}. Send records,
 * wait until they were handled, stop, then assert what your handlers did, what was committed and
 * which errors occurred.
 *
 * <pre>{@code
 * try (EngineHarness<String, String> harness =
 *     EngineHarness.<String, String>builder()
 *         .topic("orders", 2)
 *         .handler(new OrderHandler(repository))
 *         .options(EngineOptions.builder().failOnException(false).build())
 *         .start()) {
 *   harness.send("orders", "order-1", "{\"total\": 12}");
 *   harness.send("orders", "order-2", "not json");
 *   harness.drain();
 *   harness.stop();
 *
 *   assertThat(repository.orders()).containsKey("order-1");
 *   assertThat(harness.failures()).hasSize(1);
 *   assertThat(harness.committed()).containsEntry(new TopicPartition("orders", 0), 1L);
 * }
 * }</pre>
 *
 * <p>Records go to the partition given, or by the key's {@code hashCode()} (not Kafka's murmur2
 * hash of the serialized key; a {@code null} key goes to partition 0). Dead letters (with a {@code
 * DeadLetterPolicy}) go to an in-memory producer: see {@link #deadLetters()}.
 */
public final class EngineHarness<K, V> implements AutoCloseable {
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  private final PaperboyEngine<K, V> engine;
  private final HarnessConsumer<K, V> consumer;
  private final Map<String, Integer> partitions;
  private final MockProducer<byte[], byte[]> deadLetterProducer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final Recorder recorder;
  private final AtomicReference<Throwable> outcome = new AtomicReference<>();
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;

  private EngineHarness(Builder<K, V> builder) {
    this.partitions = Map.copyOf(builder.partitions);
    this.consumer = new HarnessConsumer<>(partitions);
    this.recorder = new Recorder(builder.options.listener());
    EngineOptions options =
        builder.options.toBuilder().listener(recorder).shutdownHook(false).build();
    var engineBuilder =
        PaperboyEngine.builder(new NoDeserializer<K>(), new NoDeserializer<V>())
            .groupId("paperboy-harness")
            .bootstrapServers("in-memory:9092")
            .options(options)
            .consumerFactory(config -> consumer)
            .deadLetterProducerFactory(config -> deadLetterProducer);
    builder.handlers.forEach(engineBuilder::handler);
    builder.steps.forEach(step -> engineBuilder.step(step.toArray(new String[0])));
    this.engine = engineBuilder.build();
    this.thread =
        new Thread(
            () -> {
              try {
                engine.start();
              } catch (Throwable t) {
                outcome.set(t);
              }
            },
            "paperboy-harness");
    thread.setDaemon(true);
  }

  /** A builder: topics, handlers, options; then {@link Builder#start()}. */
  public static <K, V> Builder<K, V> builder() {
    return new Builder<>();
  }

  /**
   * Sends a record to a partition chosen by its key's {@code hashCode()} modulo the topic's
   * partitions (partition 0 for a {@code null} key): stable per key, like Kafka's partitioner,
   * though not the same partition Kafka would pick.
   */
  public long send(String topic, K key, V value) {
    int count = partitions.getOrDefault(topic, 1);
    int partition = key == null ? 0 : Utils.toPositive(key.hashCode()) % count;
    return send(topic, partition, key, value);
  }

  /** Sends a record to a partition; returns its offset. */
  public long send(String topic, int partition, K key, V value) {
    sent.incrementAndGet();
    return consumer.send(topic, partition, key, value);
  }

  /**
   * Sends bytes the consumer's deserializer cannot read (a poison pill); returns its offset. The
   * engine sees a {@code RecordDeserializationException} at that offset, as with a real consumer.
   */
  public long sendPoisonPill(String topic, int partition, byte[] key, byte[] value) {
    sent.incrementAndGet();
    return consumer.sendPoisonPill(topic, partition, key, value);
  }

  /**
   * Waits until every record sent so far was handled, skipped or dead-lettered, or the engine
   * stopped; at most ten seconds.
   *
   * @throws AssertionError if records are still pending after that
   */
  public EngineHarness<K, V> drain() {
    return drain(DEFAULT_WAIT);
  }

  /** {@link #drain()} with a deadline of your choice. */
  public EngineHarness<K, V> drain(Duration timeout) {
    Await.until(
        timeout,
        () -> recorder.finished.get() >= sent.get() || engine.state().isTerminal(),
        () ->
            recorder.finished.get()
                + " of "
                + sent.get()
                + " records finished; engine "
                + engine.state());
    return this;
  }

  /**
   * Stops the engine gracefully (handlers finish, the final commit is made) and waits for it; what
   * {@code start()} threw, if anything, is then in {@link #outcome()}.
   */
  public EngineHarness<K, V> stop() {
    engine.close();
    try {
      thread.join(DEFAULT_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  /** Waits until the engine stopped by itself (a fatal error) and returns what it threw. */
  public Optional<Throwable> awaitTermination() {
    Await.until(DEFAULT_WAIT, () -> !thread.isAlive(), "the engine stops");
    return outcome();
  }

  /** What the engine's {@code start()} threw, once it returned; empty while running or if none. */
  public Optional<Throwable> outcome() {
    return Optional.ofNullable(outcome.get());
  }

  /** The engine's state. */
  public EngineState state() {
    return engine.state();
  }

  /** The engine's mode. */
  public ConsumptionMode mode() {
    return engine.mode();
  }

  /** The engine itself. */
  public PaperboyEngine<K, V> engine() {
    return engine;
  }

  /** The last committed offset of every partition that had a commit (the next offset to read). */
  public Map<TopicPartition, Long> committed() {
    return consumer.committedOffsets();
  }

  /** Handlings that failed for good, in the order they failed. */
  public List<HandlingFailure> failures() {
    return new ArrayList<>(recorder.failures);
  }

  /**
   * Records the consumer could not deserialize, as the engine reported them ({@code onPoisonPill},
   * when a handler thread reached them: after {@link #drain()}, every one sent before it).
   */
  public List<PoisonPill> poisonPills() {
    return new ArrayList<>(recorder.poisonPills);
  }

  /** Records written to dead-letter topics, in order. */
  public List<ProducerRecord<byte[], byte[]>> deadLetters() {
    return deadLetterProducer.history();
  }

  /** Mode switches, in order. */
  public List<ConsumptionMode> modeSwitches() {
    return new ArrayList<>(recorder.modes);
  }

  /** Records finished so far: handled, skipped or dead-lettered. */
  public long finished() {
    return recorder.finished.get();
  }

  /** Stops the engine if it still runs. */
  @Override
  public void close() {
    if (thread.isAlive()) {
      stop();
    }
  }

  private void start() {
    thread.start();
    Await.until(
        DEFAULT_WAIT,
        () -> engine.state() != EngineState.CREATED && engine.state() != EngineState.STARTING,
        () ->
            "the engine runs: "
                + engine.state()
                + " "
                + outcome().map(Throwable::toString).orElse(""));
  }

  /** Builds and starts an {@link EngineHarness}. */
  public static final class Builder<K, V> {
    private final Map<String, Integer> partitions = new HashMap<>();
    private final List<PaperboyHandler<K, V>> handlers = new ArrayList<>();
    private final List<List<String>> steps = new ArrayList<>();
    private EngineOptions options = EngineOptions.defaults();

    private Builder() {}

    /** Gives a topic a number of partitions; topics not named here have one. */
    public Builder<K, V> topic(String topic, int partitionCount) {
      if (partitionCount < 1) {
        throw new IllegalArgumentException("partitionCount must be > 0: " + partitionCount);
      }
      partitions.put(Objects.requireNonNull(topic, "topic"), partitionCount);
      return this;
    }

    /** Adds a handler. */
    public Builder<K, V> handler(PaperboyHandler<K, V> handler) {
      handlers.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Adds a step of step mode: these topics before the next step's. */
    public Builder<K, V> step(String... topics) {
      steps.add(List.of(topics));
      return this;
    }

    /** The engine's options (its listener still gets every event). */
    public Builder<K, V> options(EngineOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Starts the engine on a thread of its own and waits until it runs. */
    public EngineHarness<K, V> start() {
      EngineHarness<K, V> harness = new EngineHarness<>(this);
      harness.start();
      return harness;
    }
  }

  /** Counts finished records and keeps failures, then tells the user's listener. */
  private static final class Recorder implements PaperboyListener {
    final AtomicLong finished = new AtomicLong();
    final List<HandlingFailure> failures = new CopyOnWriteArrayList<>();
    final List<PoisonPill> poisonPills = new CopyOnWriteArrayList<>();
    final List<ConsumptionMode> modes = new CopyOnWriteArrayList<>();
    private final PaperboyListener user;

    Recorder(PaperboyListener user) {
      this.user = user;
    }

    @Override
    public void onRecordsHandled(TopicPartition partition, int count, long durationNanos) {
      finished.addAndGet(count);
      user.onRecordsHandled(partition, count, durationNanos);
    }

    @Override
    public void onHandlingFailed(
        List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
      failures.add(new HandlingFailure(List.copyOf(records), error, fatal));
      user.onHandlingFailed(records, error, fatal);
    }

    @Override
    public void onPoisonPill(PoisonPill pill, boolean fatal) {
      poisonPills.add(pill);
      user.onPoisonPill(pill, fatal);
    }

    @Override
    public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
      modes.add(to);
      user.onModeSwitched(from, to, lag);
    }

    @Override
    public void onStateChanged(EngineState from, EngineState to) {
      user.onStateChanged(from, to);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      user.onPartitionsAssigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      user.onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      user.onPartitionsLost(partitions);
    }

    @Override
    public void onRetry(
        List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception error, long ms) {
      user.onRetry(records, attempt, error, ms);
    }

    @Override
    public void onDeadLettered(
        List<? extends ConsumerRecord<?, ?>> records, String topic, Exception error) {
      user.onDeadLettered(records, topic, error);
    }

    @Override
    public void onProblem(String problem) {
      user.onProblem(problem);
    }

    @Override
    public void onTableRestoring(dev.paperboy.table.TableStatus status) {
      user.onTableRestoring(status);
    }

    @Override
    public void onTableRestored(dev.paperboy.table.TableStatus status, long durationMs) {
      user.onTableRestored(status, durationMs);
    }

    @Override
    public void onCommitted(
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> o) {
      user.onCommitted(o);
    }

    @Override
    public void onCommitFailed(
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> o, Exception e) {
      user.onCommitFailed(o, e);
    }

    @Override
    public void onStepCompleted(int step, int steps) {
      user.onStepCompleted(step, steps);
    }
  }

  /** The harness sends objects, so nothing is deserialized; a consumer needs one nonetheless. */
  private static final class NoDeserializer<T> implements Deserializer<T> {
    @Override
    public T deserialize(String topic, byte[] data) {
      throw new UnsupportedOperationException("the in-memory harness delivers objects");
    }
  }
}
