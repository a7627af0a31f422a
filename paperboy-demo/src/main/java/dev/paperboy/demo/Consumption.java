package dev.paperboy.demo;

import dev.paperboy.EngineOptions;
import dev.paperboy.Sender;
import dev.paperboy.table.StateTable;
import dev.paperboy.table.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The consuming side of one demo run: the users table, the totals state table, the sender, the
 * orders handler, the engine and what observes it. Knows how to turn their counters into a {@link
 * StatusLine} and a {@link Summary}.
 */
final class Consumption {
  /** In single mode the engine commits at most this often; short, so the status line shows it. */
  static final Duration COMMIT_INTERVAL = Duration.ofSeconds(2);

  /** How many of the highest user totals the summary shows. */
  static final int HIGHEST_TOTALS = 3;

  private static final long RATE_WINDOW_NANOS = 2_000_000_000L;

  final Topics topics;
  final String group = "paperboy-demo-" + UUID.randomUUID().toString().substring(0, 8);
  final Table<String, String> users;
  final StateTable<String, Long> totals;
  final OrdersHandler orders;
  final EngineObserver observer;
  final DemoEngine engine;
  private final Clock clock;
  private final RateMeter rate = new RateMeter(RATE_WINDOW_NANOS);
  private final long startNanos = System.nanoTime();
  private volatile long stopNanos;
  private volatile long usersAtClose;
  private volatile Summary.UserTotals totalsAtClose = Summary.UserTotals.NONE;

  Consumption(Topics topics, String bootstrapServers, long bulkModeThreshold, Clock clock) {
    this.topics = topics;
    this.clock = clock;
    this.users = Table.view(topics.users(), Serdes.String(), Serdes.String());
    this.totals =
        Table.builder(topics.userTotals(), Serdes.String(), Serdes.Long())
            .partitions(topics.partitions())
            .buildStateTable();
    Sender sender = Sender.create();
    this.orders =
        new OrdersHandler(
            topics, users, totals, sender.typed(new StringSerializer(), new StringSerializer()));
    this.observer = new EngineObserver(clock);
    EngineOptions options =
        EngineOptions.builder()
            .bulkModeThreshold(bulkModeThreshold)
            .commitInterval(COMMIT_INTERVAL)
            // The demo stops the engine itself on Ctrl-C, after the live producer.
            .shutdownHook(false)
            .listener(observer)
            .build();
    this.engine =
        new DemoEngine(
            bootstrapServers, group, options, List.of(orders), List.of(users, totals), sender);
    rate.perSecond(startNanos, 0);
  }

  /**
   * Reads the tables for the summary: their users and totals are readable only while the engine
   * runs, so call this after the handlers caught up and before closing it. Leaves the summary's
   * figures at zero if the engine stopped already (it failed).
   */
  void readTables() {
    try {
      usersAtClose = users.size();
      totalsAtClose = userTotals(totals, HIGHEST_TOTALS);
    } catch (IllegalStateException e) {
      // The engine stopped on an error: the run reports that error, without these figures.
    }
  }

  /** The totals of {@code table}: how many users, their sum and the {@code highest} highest. */
  static Summary.UserTotals userTotals(Table<String, Long> table, int highest) {
    List<Summary.UserTotal> all = new ArrayList<>();
    table.forEach((user, cents) -> all.add(new Summary.UserTotal(user, cents)));
    long sum = all.stream().mapToLong(Summary.UserTotal::cents).sum();
    List<Summary.UserTotal> top =
        all.stream()
            .sorted(
                Comparator.comparingLong(Summary.UserTotal::cents)
                    .reversed()
                    .thenComparing(Summary.UserTotal::user))
            .limit(highest)
            .toList();
    return new Summary.UserTotals(all.size(), sum, top);
  }

  /** Marks the end of consuming, for {@link Summary#consuming()}. */
  void stopped() {
    stopNanos = System.nanoTime();
  }

  /** The next offset of {@code partition} of the orders: every record below it was handled. */
  long handledPosition(TopicPartition partition) {
    return orders.tally().position(partition.partition());
  }

  /** Records handled so far. */
  long handled() {
    return orders.tally().handled();
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
    HandledTally tally = orders.tally();
    String topic = topics.orders();
    Summary.TopicCount count =
        new Summary.TopicCount(
            topic,
            produced.applyAsLong(topic),
            tally.handled(),
            tally.redelivered(),
            tally.skipped(),
            committed.applyAsLong(topic));
    EngineObserver.Restore restore = observer.restore(topics.users());
    return new Summary(
        elapsed,
        Duration.ofNanos(end - startNanos),
        List.of(count),
        observer.switches(),
        new Summary.UsersTable(restore.offsets(), restore.millis(), usersAtClose),
        orders.checks(),
        totalsAtClose);
  }

  /** Adds up committed offsets per topic. */
  static long sumOf(Map<TopicPartition, Long> offsets, String topic) {
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
