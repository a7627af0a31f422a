package dev.paperboy.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one engine: registers them with the {@code engine} tag and remembers them, so that
 * {@link #close()} removes exactly these from the registry. A meter registered after the close is
 * removed at once, so a late event leaves nothing behind.
 *
 * <p>Registration never throws: a registry that refuses a meter (a Prometheus registry that has the
 * name with other tag keys, a throwing {@code MeterFilter}) is logged once at WARN and the meter is
 * then absent ({@code null}), since what a listener throws would reach the engine's log on every
 * record.
 */
final class EngineMeters {
  private static final Logger log = LoggerFactory.getLogger(EngineMeters.class);

  private final MeterRegistry registry;
  private final List<Meter> registered = new ArrayList<>();
  private volatile Tags engineTags;
  private volatile boolean refusalLogged;
  private boolean closed;

  EngineMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  MeterRegistry registry() {
    return registry;
  }

  /** The registry's clock, which times handling and the handling rate. */
  Clock clock() {
    return registry.config().clock();
  }

  /**
   * Names the engine: from now on meters are registered with {@code engine=name}. Returns false if
   * the engine was named before or the meters are closed.
   */
  synchronized boolean name(String name) {
    if (engineTags != null || closed) {
      return false;
    }
    engineTags = Tags.of("engine", name);
    return true;
  }

  /** Whether {@link #name} was called, hence meters can be registered. */
  boolean named() {
    return engineTags != null;
  }

  /** The {@code engine} tag, or no tags before {@link #name}. */
  Tags engineTags() {
    Tags tags = engineTags;
    return tags == null ? Tags.empty() : tags;
  }

  synchronized boolean closed() {
    return closed;
  }

  Counter counter(String name, String description, Tags tags) {
    return register(
        name,
        () ->
            Counter.builder(name)
                .description(description)
                .tags(engineTags())
                .tags(tags)
                .register(registry));
  }

  Timer timer(String name, String description, Tags tags) {
    return register(
        name,
        () ->
            Timer.builder(name)
                .description(description)
                .tags(engineTags())
                .tags(tags)
                .register(registry));
  }

  Gauge gauge(String name, String description, Tags tags, String unit, Supplier<Number> value) {
    return register(
        name,
        () ->
            Gauge.builder(name, value)
                .description(description)
                .baseUnit(unit)
                .tags(engineTags())
                .tags(tags)
                .register(registry));
  }

  /** Removes one meter this object registered (a revoked partition's gauge). */
  void remove(Meter meter) {
    if (meter == null) {
      return;
    }
    synchronized (this) {
      registered.remove(meter);
    }
    registry.remove(meter);
  }

  /** Removes every meter registered through this object; later ones are removed as they come. */
  void close() {
    List<Meter> meters;
    synchronized (this) {
      closed = true;
      meters = new ArrayList<>(registered);
      registered.clear();
    }
    meters.forEach(registry::remove);
  }

  private <M extends Meter> M register(String name, Supplier<M> registration) {
    M meter;
    try {
      meter = registration.get();
    } catch (RuntimeException e) {
      if (!refusalLogged) {
        refusalLogged = true;
        log.warn("The meter registry refused Paperboy's meter {}; it is left out", name, e);
      }
      return null;
    }
    synchronized (this) {
      if (!closed) {
        registered.add(meter);
        return meter;
      }
    }
    registry.remove(meter);
    return meter;
  }
}
