package dev.paperboy;

import dev.paperboy.internal.EngineSpec;
import dev.paperboy.internal.GuardedListener;
import dev.paperboy.internal.PollLoop;
import dev.paperboy.internal.TableRuntime;
import dev.paperboy.table.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes Kafka topics and dispatches every record to the handler registered for its topic. The
 * engine owns the consumer and everything that is easy to get wrong: offset commits that never run
 * ahead of handling, batching, switching between single and bulk mode by lag, errors, rebalances
 * and graceful shutdown.
 *
 * <p>Subclass it, list the {@link #handlers()} and return the consumer's configuration from {@link
 * #configureConsumer()}; then {@link #start()} it on a thread of your own:
 *
 * <pre>{@code
 * class OrdersEngine extends PaperboyEngine<String, String> {
 *   protected List<PaperboyHandler<String, String>> handlers() {
 *     return List.of(new OrderHandler());
 *   }
 *   protected Map<String, Object> configureConsumer() {
 *     return Map.of("bootstrap.servers", "localhost:9092", "group.id", "orders",
 *         "key.deserializer", StringDeserializer.class, "value.deserializer", StringDeserializer.class);
 *   }
 * }
 * }</pre>
 *
 * <p>Guarantees: records of one partition are handled in offset order; an offset is committed only
 * once its record and every record before it in the partition were handled (at-least-once
 * delivery); a graceful stop or a rebalance commits what was handled, so it redelivers nothing; a
 * crash redelivers at most what was handled since the last commit. An engine runs once: after it
 * stopped, create a new one.
 */
public abstract class PaperboyEngine<K, V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PaperboyEngine.class);
  private static final Duration UNUSED_CLOSE = Duration.ofSeconds(5);

  private final EngineOptions options;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean stopRequested;
  private volatile PollLoop<K, V> loop;
  private volatile TableRuntime tableRuntime;
  private volatile EngineState stateBeforeLoop = EngineState.CREATED;
  private final List<PaperboyListener> listeners = new CopyOnWriteArrayList<>();
  private volatile String groupId;
  private final List<HandlingInterceptor> interceptors = new CopyOnWriteArrayList<>();
  private volatile List<ConfigDoctor.Finding> configFindings = List.of();

  /** An engine with {@link EngineOptions#defaults()}. */
  protected PaperboyEngine() {
    this(EngineOptions.defaults());
  }

  /** An engine with the given options. */
  protected PaperboyEngine(EngineOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The handlers, one per topic. Called once by {@link #start()}; no handlers, two handlers for one
   * topic, or a blank topic make {@code start()} throw.
   */
  protected abstract List<? extends PaperboyHandler<K, V>> handlers();

  /**
   * The consumer's configuration ({@code ConsumerConfig} keys): bootstrap servers, group, security,
   * deserializers. {@code enable.auto.commit} must be absent or false: the engine sets it to false
   * and commits itself.
   */
  protected abstract Map<String, Object> configureConsumer();

  /**
   * Creates the consumer from the checked configuration. The default is {@code new
   * KafkaConsumer<>(config)}; override to wrap or replace the client (instrumentation, tests).
   */
  protected Consumer<K, V> createConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config);
  }

  /**
   * Creates the producer that writes to dead-letter topics, when the options have a {@link
   * DeadLetterPolicy}. {@code config} holds the consumer's connection and security settings, its
   * {@code client.id} with {@code -dlt} appended, {@code acks=all}, and the policy's producer
   * settings (which win). The default is a {@code KafkaProducer} of bytes; override to wrap or
   * replace it.
   */
  protected Producer<byte[], byte[]> createDeadLetterProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The sender handlers send records through, bound to this engine's producer at {@link #start()};
   * see {@link Sender}. The default is {@code null}: no sender.
   */
  protected Sender sender() {
    return null;
  }

  /**
   * The tables handlers read or write, restored by {@link #start()} before any handler gets a
   * record; see {@link Table} and {@link dev.paperboy.table.StateTable}. The default is none.
   */
  protected List<? extends Table<?, ?>> tables() {
    return List.of();
  }

  /**
   * Settings ({@code ProducerConfig} keys) of the producer that the {@link #sender()} and state
   * tables write through, applied over its defaults: the consumer's connection and security
   * settings ({@code bootstrap.servers}, {@code client.dns.lookup}, {@code security.*}, {@code
   * sasl.*}, {@code ssl.*}), its {@code client.id} with {@code -producer} appended, {@code
   * acks=all} and {@code enable.idempotence=true}. The default is none.
   */
  protected Map<String, Object> configureProducer() {
    return Map.of();
  }

  /**
   * Creates the producer of the {@link #sender()} and state tables, when there is either, from the
   * configuration {@link #configureProducer()} describes. The default is a {@code KafkaProducer} of
   * bytes; override to wrap or replace it. The engine closes it on shutdown, after the handlers
   * finished.
   */
  protected Producer<byte[], byte[]> createProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Step mode: groups of handlers consumed one group after the other. Each step consumes its topics
   * in bulk until it caught up with the end offsets its partitions had when it began; then the next
   * step begins; after the last, every handler runs in the normal, lag-adaptive mode. Handlers are
   * matched to {@link #handlers()} by topic. The default is no steps.
   */
  protected List<List<? extends PaperboyHandler<K, V>>> steps() {
    return List.of();
  }

  /**
   * A builder of an engine whose consumer reads keys and values with these deserializers; see
   * {@link EngineBuilder}.
   */
  public static <K, V> EngineBuilder<K, V> builder(
      Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
    return new EngineBuilder<>(keyDeserializer, valueDeserializer);
  }

  /**
   * A builder of an engine that consumes raw bytes: give it {@link TypedHandler}s, each reading its
   * topic with its own deserializers, or handlers of bytes.
   */
  public static EngineBuilder<byte[], byte[]> builder() {
    return new EngineBuilder<>(new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The options this engine runs with. */
  public final EngineOptions options() {
    return options;
  }

  /**
   * Runs the engine on the calling thread until {@link #stop()}, {@link #close()}, a JVM shutdown
   * or a fatal error. Returns normally after a graceful stop, when the final commit is done and the
   * consumer closed.
   *
   * <p>Before it creates the consumer it checks the consumer configuration against the options: it
   * refuses what cannot work (no {@code bootstrap.servers} or {@code group.id}, settings {@code
   * group.protocol=consumer} rejects) and logs once at WARN what is unsafe or contradictory, naming
   * the setting and the fix.
   *
   * @throws PaperboyException on a configuration Paperboy refuses (before the consumer is created,
   *     naming every problem) or an error that stopped the engine, with the original error as cause
   * @throws IllegalStateException if the engine was started before
   */
  public final void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("an engine starts once; create a new one to start again");
    }
    long startedAtNanos = System.nanoTime();
    List<PaperboyListener> added = List.copyOf(listeners);
    List<PaperboyListener> observers = new ArrayList<>();
    observers.add(options.listener());
    observers.addAll(added);
    PaperboyListener beforeLoop = new GuardedListener(observers);
    Thread hook = null;
    EngineOutputs outputs = null;
    Producer<byte[], byte[]> deadLetterProducer = null;
    Consumer<K, V> consumer = null;
    EngineState endedBeforeLoop = null;
    try {
      List<PaperboyHandler<K, V>> handlers = checkedHandlers(handlers());
      List<Set<String>> steps = checkedSteps(stepTopics(), handlers);
      Map<String, Object> config = ConsumerSettings.checked(configureConsumer());
      groupId = ConsumerSettings.groupId(config);
      configFindings = ConfigDoctor.check(config, options);
      if (stopRequested) {
        endedBeforeLoop = EngineState.STOPPED;
        return;
      }
      if (options.shutdownHook()) {
        hook = new Thread(this::close, "paperboy-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
      }
      moveBeforeLoop(EngineState.STARTING, beforeLoop);
      outputs = startOutputs(config, observers, startedAtNanos);
      if (stopRequested) {
        moveBeforeLoop(EngineState.STOPPING, beforeLoop);
        endedBeforeLoop = EngineState.STOPPED;
        return;
      }
      deadLetterProducer =
          options.deadLetter() == null
              ? null
              : createDeadLetterProducer(
                  ConsumerSettings.deadLetterProducerConfig(config, options.deadLetter()));
      EngineSpec<K, V> spec =
          EngineSpec.of(
                  handlers,
                  steps,
                  ConsumerSettings.bootstrapServers(config),
                  groupId,
                  ConsumerSettings.maxPollIntervalMs(config),
                  options,
                  deadLetterProducer)
              .with(added, List.copyOf(interceptors));
      consumer = createConsumer(config);
      PollLoop<K, V> created = new PollLoop<>(consumer, spec, startedAtNanos);
      loop = created;
      if (stopRequested) {
        created.stop();
      }
      created.run();
    } catch (RuntimeException | Error e) {
      if (loop == null) {
        endedBeforeLoop = EngineState.FAILED;
        closeUnused(consumer, deadLetterProducer);
      }
      throw e;
    } finally {
      if (outputs != null) {
        PollLoop<K, V> ran = loop;
        outputs.close(
            ran == null ? Duration.ofMillis(options.shutdownTimeoutMs()) : ran.shutdownTimeLeft());
      }
      removeHook(hook);
      if (endedBeforeLoop != null) { // once the outputs are closed, as the loop reports its end
        moveBeforeLoop(endedBeforeLoop, beforeLoop);
      }
      terminated.countDown();
    }
  }

  /**
   * Closes what the start made for a poll loop that never ran (its constructor threw); a client
   * that never sent anything closes at once.
   */
  private static void closeUnused(Consumer<?, ?> consumer, Producer<?, ?> deadLetterProducer) {
    try {
      if (consumer != null) {
        consumer.close(CloseOptions.timeout(UNUSED_CLOSE));
      }
      if (deadLetterProducer != null) {
        deadLetterProducer.close(UNUSED_CLOSE);
      }
    } catch (RuntimeException e) {
      log.warn("Closing the clients of an engine that failed to start failed", e);
    }
  }

  /**
   * Moves the engine before its poll loop exists (which then reports its own moves) and tells the
   * listeners.
   */
  private void moveBeforeLoop(EngineState to, PaperboyListener observers) {
    EngineState from = stateBeforeLoop;
    stateBeforeLoop = to;
    observers.onStateChanged(from, to);
  }

  /**
   * Creates the producer (if there is a sender or a state table), binds the sender, and restores
   * the tables, until they are restored or a stop was requested, or the startup timeout (counted
   * from {@code startedAtNanos}) passed; {@code observers} hear of the restore.
   */
  private EngineOutputs startOutputs(
      Map<String, Object> config, List<PaperboyListener> observers, long startedAtNanos) {
    List<? extends Table<?, ?>> tables = tables();
    if (tables == null || tables.stream().anyMatch(Objects::isNull)) {
      throw new PaperboyException("tables() returned null or a null table");
    }
    Duration closeTimeout = Duration.ofMillis(options.shutdownTimeoutMs());
    EngineOutputs started = new EngineOutputs(sender());
    started.open(
        tables,
        config,
        () -> ConsumerSettings.producerConfig(config, configureProducer()),
        this::createProducer,
        observers,
        closeTimeout);
    tableRuntime = started.tables();
    try {
      started.awaitRestored(() -> stopRequested, options.startupTimeoutMs(), startedAtNanos);
    } catch (InterruptedException e) {
      stopRequested = true;
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      started.close(closeTimeout);
      throw e;
    }
    return started;
  }

  /** Asks the engine to stop; returns at once. Thread-safe and idempotent. */
  public final void stop() {
    stopRequested = true;
    PollLoop<K, V> running = loop;
    if (running != null) {
      running.stop();
    }
  }

  /**
   * Stops the engine and waits until handlers finished their current record or batch, the final
   * commit is done and the consumer closed (at most the shutdown timeout plus ten seconds). Returns
   * at once if the engine never started. Called from a handler, it only stops, since waiting there
   * would wait for itself.
   */
  @Override
  public final void close() {
    stop();
    if (!started.get() || PollLoop.onHandlerThread()) {
      return;
    }
    try {
      long waitMs = options.shutdownTimeoutMs() + TimeUnit.SECONDS.toMillis(10);
      if (!terminated.await(waitMs, TimeUnit.MILLISECONDS)) {
        log.warn("Paperboy engine did not stop within {} ms", waitMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Adds a listener beside {@code EngineOptions.listener()}, so adapters (metrics, health, tracing)
   * and the user's own listener observe one engine without being wired together. Listeners are
   * called in the order added, after the options' listener; what one throws reaches neither the
   * engine nor the others.
   *
   * @throws IllegalStateException once the engine was started
   */
  public final void addListener(PaperboyListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (started.get()) {
      throw new IllegalStateException("add listeners before start()");
    }
    listeners.add(listener);
  }

  /**
   * Adds a {@link HandlingInterceptor} that wraps every handling attempt on the handler thread
   * (tracing, logging context). Interceptors begin in the order added and end in reverse.
   *
   * @throws IllegalStateException once the engine was started
   */
  public final void addInterceptor(HandlingInterceptor interceptor) {
    Objects.requireNonNull(interceptor, "interceptor");
    if (started.get()) {
      throw new IllegalStateException("add interceptors before start()");
    }
    interceptors.add(interceptor);
  }

  /**
   * A snapshot of the engine: state, mode, problem, lag, the owned partitions, counters and the
   * times of the last poll, handled record and acknowledged commit. Cheap (no broker request) and
   * safe from any thread; see {@link EngineStatus}.
   */
  public final EngineStatus status() {
    List<String> warnings = new ArrayList<>();
    configFindings.forEach(
        f -> warnings.add(f.severity() + " " + f.setting() + ": " + f.message()));
    PollLoop<K, V> running = loop;
    if (running != null) {
      return withTables(running.status(warnings));
    }
    return withTables(
        new EngineStatus(
            stateBeforeLoop,
            mode(),
            Optional.empty(),
            -1,
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0,
            0,
            0,
            0,
            0,
            warnings));
  }

  private EngineStatus withTables(EngineStatus status) {
    TableRuntime tables = tableRuntime;
    if (tables == null) {
      return status;
    }
    return new EngineStatus(
        status.state(),
        status.mode(),
        status.problem().or(() -> Optional.ofNullable(tables.problem())),
        status.lag(),
        status.partitions(),
        status.lastPollAt(),
        status.lastHandledAt(),
        status.lastCommitAt(),
        status.handled(),
        status.failed(),
        status.retried(),
        status.deadLettered(),
        status.poisonPills(),
        status.warnings(),
        tables.statuses());
  }

  /**
   * The consumer group this engine joins ({@code group.id}), once {@link #start()} read the
   * configuration; empty before. Adapters use it to name the engine (metrics tags, health data).
   */
  public final Optional<String> groupId() {
    return Optional.ofNullable(groupId);
  }

  /**
   * The Kafka client's own metrics of the engine's consumer ({@code Consumer.metrics()}), for
   * adapters such as Micrometer's Kafka client binder: empty before the consumer exists. Safe from
   * any thread.
   */
  public final Map<MetricName, ? extends Metric> clientMetrics() {
    PollLoop<K, V> running = loop;
    return running == null ? Map.of() : running.clientMetrics();
  }

  /** Where the engine is in its life; see {@link EngineState}. */
  public final EngineState state() {
    PollLoop<K, V> running = loop;
    return running == null ? stateBeforeLoop : running.state();
  }

  /**
   * Why the engine is not consuming, when it knows: the cluster does not answer at {@code
   * bootstrap.servers}, or topics do not exist. Empty when all is well (or not known yet).
   */
  public final Optional<String> problem() {
    PollLoop<K, V> running = loop;
    String problem = running == null ? null : running.problem();
    TableRuntime tables = tableRuntime;
    return Optional.ofNullable(problem == null && tables != null ? tables.problem() : problem);
  }

  /**
   * What the start-up check of the consumer configuration found and logged: its warnings and infos
   * (errors stop {@link #start()} instead). Empty before {@code start()}; never changes after. For
   * the engine's status; not API.
   */
  final List<ConfigDoctor.Finding> configFindings() {
    return configFindings;
  }

  /** How the engine hands records to handlers right now. */
  public final ConsumptionMode mode() {
    PollLoop<K, V> running = loop;
    if (running != null) {
      return running.mode();
    }
    return options.withBulkMode() ? ConsumptionMode.BULK : ConsumptionMode.SINGLE;
  }

  private static void removeHook(Thread hook) {
    if (hook == null || Thread.currentThread() == hook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running or about to, and will find us stopped.
    }
  }

  private static <K, V> List<PaperboyHandler<K, V>> checkedHandlers(
      List<? extends PaperboyHandler<K, V>> handlers) {
    if (handlers == null || handlers.isEmpty()) {
      throw new PaperboyException("no handlers: handlers() must return at least one handler");
    }
    Map<String, PaperboyHandler<K, V>> byTopic = new HashMap<>();
    List<PaperboyHandler<K, V>> checked = new ArrayList<>();
    for (PaperboyHandler<K, V> handler : handlers) {
      if (handler == null) {
        throw new PaperboyException("handlers() returned a null handler");
      }
      String topic = handler.topic();
      if (topic == null || topic.isBlank()) {
        throw new PaperboyException(
            "handler "
                + handler.getClass().getName()
                + " has a blank topic: topic() must name one");
      }
      PaperboyHandler<K, V> other = byTopic.put(topic, handler);
      if (other != null) {
        throw new PaperboyException(
            "two handlers for topic "
                + topic
                + ": "
                + other.getClass().getName()
                + " and "
                + handler.getClass().getName()
                + "; one topic has one handler");
      }
      checked.add(handler);
    }
    return checked;
  }

  /**
   * The topics of each step, in order. Subclasses name steps by their handlers ({@link #steps()});
   * the builder names them by topic and overrides this, so both reach {@link #checkedSteps}.
   */
  List<List<String>> stepTopics() {
    List<List<? extends PaperboyHandler<K, V>>> steps = steps();
    List<List<String>> topics = new ArrayList<>();
    if (steps != null) {
      for (List<? extends PaperboyHandler<K, V>> step : steps) {
        List<String> names = new ArrayList<>();
        if (step != null) {
          step.forEach(h -> names.add(h == null ? null : h.topic()));
        }
        topics.add(names);
      }
    }
    return topics;
  }

  private static <K, V> List<Set<String>> checkedSteps(
      List<List<String>> steps, List<PaperboyHandler<K, V>> handlers) {
    Set<String> topics = new LinkedHashSet<>();
    handlers.forEach(h -> topics.add(h.topic()));
    List<Set<String>> checked = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      List<String> step = steps.get(i);
      if (step.isEmpty()) {
        throw new PaperboyException("step " + i + " has no handlers");
      }
      for (String topic : step) {
        if (!topics.contains(topic)) {
          throw new PaperboyException(
              "step " + i + " names topic " + topic + ", which no handler in handlers() consumes");
        }
      }
      checked.add(new LinkedHashSet<>(step));
    }
    return checked;
  }
}
