package dev.paperboy.demo;

import dev.paperboy.EngineOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * The consuming side of one demo run: the user table, the two handlers, the engine and what
 * observes it. Knows how to turn their counters into a {@link StatusLine} and a {@link Summary}.
 */
final class Consumption {
  /** In single mode the engine commits at most this often; short, so the status line shows it. */
  static final Duration COMMIT_INTERVAL = Duration.ofSeconds(2);

  private static final long RATE_WINDOW_NANOS = 2_000_000_000L;

  final Topics topics;
  final String group = "paperboy-demo-" + UUID.randomUUID().toString().substring(0, 8);
  final UserTable table;
  final UsersHandler users;
  final OrdersHandler orders;
  final EngineObserver observer;
  final DemoEngine engine;
  private final Clock clock;
  private final RateMeter rate = new RateMeter(RATE_WINDOW_NANOS);
  private final long startNanos = System.nanoTime();
  private volatile long stopNanos;

  Consumption(Topics topics, String bootstrapServers, long bulkModeThreshold, Clock clock) {
    this.topics = topics;
    this.clock = clock;
    this.table = new UserTable();
    this.users = new UsersHandler(topics.users(), table);
    this.orders = new OrdersHandler(topics.orders(), table);
    this.observer = new EngineObserver(clock);
    EngineOptions options =
        EngineOptions.builder()
            .bulkModeThreshold(bulkModeThreshold)
            .commitInterval(COMMIT_INTERVAL)
            // The demo stops the engine itself on Ctrl-C, after the live producer.
            .shutdownHook(false)
            .listener(observer)
            .build();
    this.engine = new DemoEngine(bootstrapServers, group, options, List.of(users, orders));
    rate.perSecond(startNanos, 0);
  }

  /** Marks the end of consuming, for {@link Summary#consuming()}. */
  void stopped() {
    stopNanos = System.nanoTime();
  }

  /** The offset the handlers reached in {@code partition}: every record below it was handled. */
  long handledPosition(TopicPartition partition) {
    return tally(partition.topic()).position(partition.partition());
  }

  /** Records handled so far, over both topics. */
  long handled() {
    return users.tally().handled() + orders.tally().handled();
  }

  /** The status as it is now; {@code lag} is measured by the caller. */
  synchronized StatusLine statusLine(long lag) {
    long handled = handled();
    return new StatusLine(
        clock.instant(),
        engine.mode(),
        rate.perSecond(System.nanoTime(), handled),
        handled,
        lag,
        observer.lastCommit(),
        observer.committedTotal());
  }

  /**
   * The summary; {@code produced} and {@code committed} tell the records acknowledged by the broker
   * and the committed offsets, per topic.
   */
  Summary summary(
      Duration elapsed, ToLongFunction<String> produced, ToLongFunction<String> committed) {
    long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
    List<Summary.TopicCount> counts =
        topics.names().stream()
            .map(
                t ->
                    new Summary.TopicCount(
                        t,
                        produced.applyAsLong(t),
                        tally(t).handled(),
                        tally(t).redelivered(),
                        tally(t).skipped(),
                        committed.applyAsLong(t)))
            .toList();
    return new Summary(
        elapsed,
        Duration.ofNanos(end - startNanos),
        counts,
        observer.switches(),
        users.stats(),
        table.orderChecks());
  }

  /** Adds up committed offsets per topic. */
  static long sumOf(Map<TopicPartition, Long> offsets, String topic) {
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private HandledTally tally(String topic) {
    return topic.equals(topics.users()) ? users.tally() : orders.tally();
  }
}
