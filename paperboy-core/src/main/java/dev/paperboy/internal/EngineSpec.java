package dev.paperboy.internal;

import dev.paperboy.EngineOptions;
import dev.paperboy.HandlingInterceptor;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * Everything a {@link PollLoop} runs with, built once by {@code PaperboyEngine.start()} after it
 * checked the handlers, the steps and the consumer configuration (for a subclassed and a built
 * engine alike). Not API: part of the engine's one front door.
 *
 * @param handlers one per topic, checked
 * @param steps the topics of each step, in order; empty for no step mode
 * @param bootstrapServers the consumer's {@code bootstrap.servers}, for reports only
 * @param groupId the consumer's {@code group.id}, for reports only
 * @param maxPollIntervalMs the consumer's {@code max.poll.interval.ms} (Kafka's default if unset)
 * @param options the engine's options
 * @param deadLetterProducer the dead-letter producer when the options have a dead-letter policy,
 *     else null; closed with the loop
 * @param listeners observers besides {@code options.listener()}, in the order added
 * @param interceptors what wraps each handling attempt, in the order added
 * @param nanoClock monotonic nanoseconds: {@code System::nanoTime}, or a clock a test steps
 */
public record EngineSpec<K, V>(
    List<PaperboyHandler<K, V>> handlers,
    List<Set<String>> steps,
    String bootstrapServers,
    String groupId,
    long maxPollIntervalMs,
    EngineOptions options,
    Producer<byte[], byte[]> deadLetterProducer,
    List<PaperboyListener> listeners,
    List<HandlingInterceptor> interceptors,
    LongSupplier nanoClock) {

  /** A spec; the collections are copied. */
  public EngineSpec {
    handlers = List.copyOf(handlers);
    steps = List.copyOf(steps);
    listeners = List.copyOf(listeners);
    interceptors = List.copyOf(interceptors);
  }

  /**
   * A spec on the system clock, with no listeners or interceptors besides the options', for a
   * consumer whose configuration the engine read with {@code ConsumerSettings}.
   */
  public static <K, V> EngineSpec<K, V> of(
      List<PaperboyHandler<K, V>> handlers,
      List<Set<String>> steps,
      String bootstrapServers,
      String groupId,
      long maxPollIntervalMs,
      EngineOptions options,
      Producer<byte[], byte[]> deadLetterProducer) {
    return new EngineSpec<>(
        handlers,
        steps,
        bootstrapServers,
        groupId,
        maxPollIntervalMs,
        options,
        deadLetterProducer,
        List.of(),
        List.of(),
        System::nanoTime);
  }

  /** This spec with these extra listeners and interceptors. */
  public EngineSpec<K, V> with(
      List<PaperboyListener> listeners, List<HandlingInterceptor> interceptors) {
    return new EngineSpec<>(
        handlers,
        steps,
        bootstrapServers,
        groupId,
        maxPollIntervalMs,
        options,
        deadLetterProducer,
        listeners,
        interceptors,
        nanoClock);
  }

  /** This spec on another clock. */
  EngineSpec<K, V> withClock(LongSupplier clock) {
    return new EngineSpec<>(
        handlers,
        steps,
        bootstrapServers,
        groupId,
        maxPollIntervalMs,
        options,
        deadLetterProducer,
        listeners,
        interceptors,
        clock);
  }
}
