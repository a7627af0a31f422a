package dev.paperboy.micrometer;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PartitionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The engine's gauges: lag, the lag's time to drain, mode and state, and, when asked for, the lag
 * of every owned partition. They read {@link PaperboyEngine#status()} and {@link
 * PaperboyEngine#mode()} when the registry asks, which is cheap and safe from its thread; nothing
 * is polled in between.
 */
final class EngineGauges {
  private final PaperboyEngine<?, ?> engine;
  private final EngineMeters meters;
  private final HandlingRate rate;
  private final Map<TopicPartition, Gauge> partitionGauges = new ConcurrentHashMap<>();

  EngineGauges(PaperboyEngine<?, ?> engine, EngineMeters meters, HandlingRate rate) {
    this.engine = engine;
    this.meters = meters;
    this.rate = rate;
  }

  /** Registers the engine-wide gauges. */
  void register() {
    meters.gauge(
        "paperboy.lag",
        "Records not handled yet in the owned partitions; NaN while unknown",
        Tags.empty(),
        null,
        this::lag);
    meters.gauge(
        "paperboy.lag.eta.seconds",
        "Seconds until the lag is handled at the recent handling rate; 0 without lag, NaN when"
            + " unknown or not draining",
        Tags.empty(),
        "seconds",
        () -> rate.secondsToDrain(engine.status().lag(), meters.clock().monotonicTime()));
    meters.gauge(
        "paperboy.mode",
        "How records are handed to handlers: 0 single, 1 bulk",
        Tags.empty(),
        null,
        () -> engine.mode() == ConsumptionMode.BULK ? 1 : 0);
    meters.gauge(
        "paperboy.state",
        "Engine state: 0 CREATED, 1 STARTING, 2 RUNNING, 3 STOPPING, 4 STOPPED, 5 FAILED",
        Tags.empty(),
        null,
        () -> engine.state().ordinal());
  }

  /** Registers a lag gauge for each of these partitions. */
  void addPartitions(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      partitionGauges.computeIfAbsent(
          partition,
          p ->
              meters.gauge(
                  "paperboy.partition.lag",
                  "Records not handled yet in one owned partition; NaN while unknown",
                  Tags.of("topic", p.topic(), "partition", String.valueOf(p.partition())),
                  null,
                  () -> partitionLag(p)));
    }
  }

  /** Removes the lag gauges of these partitions (revoked, lost). */
  void removePartitions(Collection<TopicPartition> partitions) {
    partitions.forEach(p -> meters.remove(partitionGauges.remove(p)));
  }

  /** Removes every partition's lag gauge (the engine stopped). */
  void removeAllPartitions() {
    removePartitions(List.copyOf(partitionGauges.keySet()));
  }

  private double lag() {
    long lag = engine.status().lag();
    return lag < 0 ? Double.NaN : lag;
  }

  private double partitionLag(TopicPartition partition) {
    PartitionStatus status = engine.status().partitions().get(partition);
    return status == null || status.lag() < 0 ? Double.NaN : status.lag();
  }
}
