package dev.paperboy.micrometer;

import dev.paperboy.EngineState;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for one {@link PaperboyEngine}: records handled, failed, retried and
 * dead-lettered, poison pills, commits and mode switches (counters), the time of every handling
 * attempt (a timer), lag, the lag's time to drain, mode and state (gauges), and the consumer's own
 * Kafka metrics. Every meter has the tag {@code engine}; the README's "Metrics" section lists them.
 * Call before {@code start()}, on a subclassed or a built engine alike:
 *
 * <pre>{@code
 * PaperboyMetrics metrics = PaperboyMetrics.monitor(engine, registry);
 * engine.start();
 * }</pre>
 *
 * <p>The {@code engine} tag is the engine's {@code group.id} unless {@link Builder#engineName}
 * names it. The group id is known once {@code start()} read the configuration, so without a name
 * the meters are registered when the engine reaches {@link EngineState#STARTING}; with one, the
 * gauges are there at once. The consumer's metrics are bound once the consumer exists: at {@link
 * EngineState#RUNNING} (the engine joined its group), or earlier when the engine reports a problem
 * before it joined (so a consumer that cannot reach its cluster shows its connection metrics); not
 * at {@code STARTING}, while the tables restore before the consumer is created. They are unbound
 * when the engine stopped; the engine's own meters stay, with their last values, until {@link
 * #close()} removes them.
 *
 * <p>It observes the engine through a {@link dev.paperboy.PaperboyListener} and a {@link
 * dev.paperboy.HandlingInterceptor} whose methods are fast and never throw. Engines that share a
 * name share meters: give each engine of one group in one JVM its own name.
 */
public final class PaperboyMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PaperboyMetrics.class);
  private static final String UNNAMED = "paperboy";

  private final PaperboyEngine<?, ?> engine;
  private final String engineName;
  private final boolean partitionLag;
  private final boolean clientMetrics;
  private final EngineMeters meters;
  private final HandlingRate rate = new HandlingRate(HandlingRate.DEFAULT_WINDOW);
  private final EventCounters counters;
  private final EngineGauges gauges;
  private ClientMetricsBinding clientBinding;

  private PaperboyMetrics(Builder builder, PaperboyEngine<?, ?> engine, MeterRegistry registry) {
    this.engine = engine;
    this.engineName = builder.engineName;
    this.partitionLag = builder.partitionLag;
    this.clientMetrics = builder.clientMetrics;
    this.meters = new EngineMeters(registry);
    this.counters = new EventCounters(meters, rate);
    this.gauges = new EngineGauges(engine, meters, rate);
  }

  /**
   * Meters for {@code engine} in {@code registry}, with the defaults of {@link #builder()}: the
   * engine named by its group id, no per-partition meters, the consumer's metrics bound.
   *
   * @throws IllegalStateException if the engine was started
   */
  public static PaperboyMetrics monitor(PaperboyEngine<?, ?> engine, MeterRegistry registry) {
    return builder().monitor(engine, registry);
  }

  /** A builder, for a name of the engine's own or per-partition lag gauges. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Removes this engine's meters from the registry, the consumer's included, and stops adding more.
   * The engine itself runs on. Idempotent.
   */
  @Override
  public void close() {
    meters.close();
    closeClientBinding();
  }

  private void observe() {
    engine.addListener(new Lifecycle());
    engine.addListener(counters);
    engine.addInterceptor(new HandlingTimer(meters));
    if (engineName != null) {
      name(engineName);
    }
  }

  private void name(String name) {
    if (meters.name(name)) {
      counters.registerUntagged();
      gauges.register();
    }
  }

  private synchronized void bindClientMetrics() {
    if (!clientMetrics || clientBinding != null || meters.closed()) {
      return;
    }
    try {
      clientBinding = ClientMetricsBinding.bind(engine, meters.engineTags(), meters.registry());
    } catch (RuntimeException e) {
      log.warn("Could not bind the Kafka consumer's metrics to the meter registry", e);
    }
  }

  private synchronized void closeClientBinding() {
    if (clientBinding != null) {
      clientBinding.close();
      clientBinding = null;
    }
  }

  /** Names the engine and binds what needs it running; unbinds what needs its consumer. */
  private final class Lifecycle implements PaperboyListener {
    @Override
    public void onStateChanged(EngineState from, EngineState to) {
      if (to == EngineState.STARTING) {
        name(engineName != null ? engineName : engine.groupId().orElse(UNNAMED));
      } else if (to == EngineState.RUNNING) {
        bindClientMetrics();
      } else if (to.isTerminal()) {
        gauges.removeAllPartitions();
        closeClientBinding();
      }
    }

    /**
     * An engine that reports a problem before it joined (an unreachable cluster, a missing topic)
     * has its consumer by then: its connection metrics are what tells why, so they are bound now.
     */
    @Override
    public void onProblem(String problem) {
      if (problem != null && !engine.clientMetrics().isEmpty()) {
        bindClientMetrics();
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitionLag) {
        gauges.addPartitions(partitions);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      gauges.removePartitions(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      gauges.removePartitions(partitions);
    }
  }

  /** Options of {@link PaperboyMetrics}; {@link #monitor} applies them to one engine. */
  public static final class Builder {
    private String engineName;
    private boolean partitionLag;
    private boolean clientMetrics = true;

    private Builder() {}

    /**
     * The value of the {@code engine} tag; the default is the engine's {@code group.id}. With a
     * name, the gauges are registered by {@link #monitor} rather than when the engine starts.
     *
     * @throws IllegalArgumentException if {@code engineName} is null or blank
     */
    public Builder engineName(String engineName) {
      if (engineName == null || engineName.isBlank()) {
        throw new IllegalArgumentException("engineName must not be blank: " + engineName);
      }
      this.engineName = engineName;
      return this;
    }

    /**
     * Whether to register a {@code paperboy.partition.lag} gauge per owned partition (tags {@code
     * topic} and {@code partition}), added on assignment and removed on revocation. Off by default:
     * it adds a time series per partition.
     */
    public Builder partitionLag(boolean partitionLag) {
      this.partitionLag = partitionLag;
      return this;
    }

    /**
     * Whether to bind the consumer's own Kafka metrics ({@code kafka.consumer.*}) with Micrometer's
     * {@code KafkaClientMetrics}. On by default.
     */
    public Builder clientMetrics(boolean clientMetrics) {
      this.clientMetrics = clientMetrics;
      return this;
    }

    /**
     * Starts observing {@code engine} into {@code registry}: adds a listener and a handling
     * interceptor to the engine, so call it before {@code start()}.
     *
     * @throws IllegalStateException if the engine was started
     */
    public PaperboyMetrics monitor(PaperboyEngine<?, ?> engine, MeterRegistry registry) {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(registry, "registry");
      if (engine.state() != EngineState.CREATED) {
        throw new IllegalStateException(
            "monitor the engine before start(): it is " + engine.state());
      }
      PaperboyMetrics metrics = new PaperboyMetrics(this, engine, registry);
      metrics.observe();
      return metrics;
    }
  }
}
