package dev.paperboy;

import dev.paperboy.table.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Builds an engine from a consumer configuration, handlers and options, without writing a {@link
 * PaperboyEngine} subclass. Made by {@link PaperboyEngine#builder(Deserializer, Deserializer)} or,
 * for an engine of raw bytes with {@link TypedHandler}s, {@link PaperboyEngine#builder()}.
 *
 * <pre>{@code
 * PaperboyEngine<String, String> engine =
 *     PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
 *         .bootstrapServers("localhost:9092")
 *         .groupId("orders-service")
 *         .handler(new OrderHandler())
 *         .handler("audit", (msg, ctx) -> audit.record(msg.value()))
 *         .options(EngineOptions.builder().failOnException(false).build())
 *         .build();
 * engine.start();
 * }</pre>
 */
public final class EngineBuilder<K, V> {
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;
  private final Map<String, Object> config = new HashMap<>();
  private final Map<String, PaperboyHandler<K, V>> handlers = new LinkedHashMap<>();
  private final List<List<String>> steps = new ArrayList<>();
  private EngineOptions options = EngineOptions.defaults();
  private Function<Map<String, Object>, Consumer<K, V>> consumerFactory;
  private Function<Map<String, Object>, Producer<byte[], byte[]>> deadLetterProducerFactory;
  private final List<Table<?, ?>> tables = new ArrayList<>();
  private final Map<String, Object> producerConfig = new HashMap<>();
  private Sender sender;
  private Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory;

  EngineBuilder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
    this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
    this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
  }

  /** A consumer setting ({@code ConsumerConfig} key): security, client id, fetch sizes... */
  public EngineBuilder<K, V> config(String key, Object value) {
    config.put(Objects.requireNonNull(key, "key"), value);
    return this;
  }

  /** Consumer settings; see {@link #config(String, Object)}. */
  public EngineBuilder<K, V> config(Map<String, ?> settings) {
    config.putAll(Objects.requireNonNull(settings, "settings"));
    return this;
  }

  /** The consumer's {@code bootstrap.servers}. */
  public EngineBuilder<K, V> bootstrapServers(String bootstrapServers) {
    return config(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /** The consumer's {@code group.id}. */
  public EngineBuilder<K, V> groupId(String groupId) {
    return config(ConsumerConfig.GROUP_ID_CONFIG, groupId);
  }

  /** Adds a handler; its topic must not have one already. */
  public EngineBuilder<K, V> handler(PaperboyHandler<K, V> handler) {
    Objects.requireNonNull(handler, "handler");
    PaperboyHandler<K, V> other = handlers.putIfAbsent(handler.topic(), handler);
    if (other != null) {
      throw new IllegalArgumentException(
          "two handlers for topic " + handler.topic() + ": " + other + " and " + handler);
    }
    return this;
  }

  /** Adds a handler of {@code topic} made of a lambda; see {@link PaperboyHandler#of}. */
  public EngineBuilder<K, V> handler(String topic, MessageHandler<K, V> onMessage) {
    return handler(PaperboyHandler.of(topic, onMessage));
  }

  /**
   * Adds a step (step mode): these topics, whose handlers must be added too, are consumed in bulk
   * until caught up, before the next step's; see {@link PaperboyEngine#steps()}.
   */
  public EngineBuilder<K, V> step(String... topics) {
    steps.add(List.of(topics));
    return this;
  }

  /** The engine's options; {@link EngineOptions#defaults()} when not set. */
  public EngineBuilder<K, V> options(EngineOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Creates the consumer from the checked configuration, instead of a {@code KafkaConsumer} with
   * this builder's deserializers: for tests ({@code MockConsumer}) and instrumentation.
   */
  public EngineBuilder<K, V> consumerFactory(
      Function<Map<String, Object>, Consumer<K, V>> factory) {
    this.consumerFactory = Objects.requireNonNull(factory, "factory");
    return this;
  }

  /** Creates the dead-letter producer, instead of a {@code KafkaProducer} of bytes. */
  public EngineBuilder<K, V> deadLetterProducerFactory(
      Function<Map<String, Object>, Producer<byte[], byte[]>> factory) {
    this.deadLetterProducerFactory = Objects.requireNonNull(factory, "factory");
    return this;
  }

  /**
   * The sender handlers send records through; see {@link Sender} and {@link
   * PaperboyEngine#sender()}.
   */
  public EngineBuilder<K, V> sender(Sender sender) {
    this.sender = Objects.requireNonNull(sender, "sender");
    return this;
  }

  /**
   * Adds a table, restored before handlers start; see {@link Table} and {@link
   * PaperboyEngine#tables()}.
   */
  public EngineBuilder<K, V> table(Table<?, ?> table) {
    tables.add(Objects.requireNonNull(table, "table"));
    return this;
  }

  /**
   * A setting ({@code ProducerConfig} key) of the producer the sender and state tables write
   * through, over its defaults; see {@link PaperboyEngine#configureProducer()}.
   */
  public EngineBuilder<K, V> producerConfig(String key, Object value) {
    producerConfig.put(Objects.requireNonNull(key, "key"), value);
    return this;
  }

  /** Creates the sender's and state tables' producer, instead of a {@code KafkaProducer}. */
  public EngineBuilder<K, V> producerFactory(
      Function<Map<String, Object>, Producer<byte[], byte[]>> factory) {
    this.producerFactory = Objects.requireNonNull(factory, "factory");
    return this;
  }

  /**
   * The engine. Configuration errors (no handlers, auto-commit, a step naming an unknown topic) are
   * reported by its {@code start()}, as for a subclass.
   */
  public PaperboyEngine<K, V> build() {
    List<List<String>> stepTopics = new ArrayList<>();
    steps.forEach(step -> stepTopics.add(List.copyOf(step)));
    return new Built<>(
        options,
        new ArrayList<>(handlers.values()),
        stepTopics,
        new HashMap<>(config),
        consumerFactory != null
            ? consumerFactory
            : settings -> new KafkaConsumer<>(settings, keyDeserializer, valueDeserializer),
        deadLetterProducerFactory,
        new Outputs(sender, List.copyOf(tables), new HashMap<>(producerConfig), producerFactory));
  }

  /** What a built engine sends through and reads from. */
  private record Outputs(
      Sender sender,
      List<Table<?, ?>> tables,
      Map<String, Object> producerConfig,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory) {}

  /** The engine a builder made. */
  private static final class Built<K, V> extends PaperboyEngine<K, V> {
    private final List<PaperboyHandler<K, V>> handlers;
    private final List<List<String>> steps;
    private final Map<String, Object> config;
    private final Function<Map<String, Object>, Consumer<K, V>> consumerFactory;
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory;
    private final Outputs outputs;

    Built(
        EngineOptions options,
        List<PaperboyHandler<K, V>> handlers,
        List<List<String>> steps,
        Map<String, Object> config,
        Function<Map<String, Object>, Consumer<K, V>> consumerFactory,
        Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory,
        Outputs outputs) {
      super(options);
      this.outputs = outputs;
      this.handlers = handlers;
      this.steps = steps;
      this.config = config;
      this.consumerFactory = consumerFactory;
      this.producerFactory = producerFactory;
    }

    @Override
    protected List<PaperboyHandler<K, V>> handlers() {
      return handlers;
    }

    /** Steps by topic, checked by {@code start()} like a subclass's steps. */
    @Override
    List<List<String>> stepTopics() {
      return steps;
    }

    @Override
    protected Map<String, Object> configureConsumer() {
      return config;
    }

    @Override
    protected Consumer<K, V> createConsumer(Map<String, Object> settings) {
      return consumerFactory.apply(settings);
    }

    @Override
    protected Sender sender() {
      return outputs.sender();
    }

    @Override
    protected List<Table<?, ?>> tables() {
      return outputs.tables();
    }

    @Override
    protected Map<String, Object> configureProducer() {
      return outputs.producerConfig();
    }

    @Override
    protected Producer<byte[], byte[]> createProducer(Map<String, Object> settings) {
      return outputs.producerFactory() != null
          ? outputs.producerFactory().apply(settings)
          : super.createProducer(settings);
    }

    @Override
    protected Producer<byte[], byte[]> createDeadLetterProducer(Map<String, Object> settings) {
      return producerFactory != null
          ? producerFactory.apply(settings)
          : super.createDeadLetterProducer(settings);
    }
  }
}
