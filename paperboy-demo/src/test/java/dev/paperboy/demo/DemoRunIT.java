package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.test.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The README's path: the demo starts a broker of its own and runs until it is stopped. One run, as
 * the demo's broker takes a while to start; what it wrote is read before the broker stops.
 */
class DemoRunIT {
  private static final int BACKLOG = 30_000;
  private static final int LIVE_ORDERS = 60;

  private final Map<String, ConsumerRecord<String, String>> ordersById = new HashMap<>();
  private final List<ConsumerRecord<String, String>> events = new ArrayList<>();
  private final Map<String, Long> totalsChangelog = new HashMap<>();

  @Test
  void restoresUsersThenHandlesOrdersInBulkThenOneByOneAndBooksEachAcceptedOrderOnce()
      throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    DemoOptions options =
        DemoOptions.defaults()
            .withBacklogRecords(BACKLOG)
            .withBulkModeThreshold(500)
            .withLiveRecordsPerSecond(50)
            .withDuration(Duration.ofMinutes(5));
    DemoRun run =
        new DemoRun(options, new PrintStream(output, true, StandardCharsets.UTF_8), false)
            .beforeCleanup(this::readTopics);

    CompletableFuture<Summary> result = CompletableFuture.supplyAsync(run::run);
    Await.until(
        Duration.ofSeconds(120),
        () -> result.isDone() || backInSingleModeAfterBulk(run.snapshot()),
        () -> "backlog handled in bulk, then back in single mode: " + run.snapshot());
    long backlogHandled = handled(run.snapshot());
    Await.until(
        Duration.ofSeconds(30),
        () -> result.isDone() || handled(run.snapshot()) >= backlogHandled + LIVE_ORDERS,
        () -> "live orders handled one by one: " + run.snapshot());
    run.stop();
    Summary summary = result.get(60, TimeUnit.SECONDS);
    System.out.print(output.toString(StandardCharsets.UTF_8));
    System.out.print(summary.render());

    assertEveryOrderHandledAndCommittedOnce(summary);
    assertThat(summary.users().restoredOffsets())
        .as("users restored before the first order")
        .isGreaterThan(BACKLOG / 5);
    assertThat(summary.users().size()).isPositive();
    assertThat(summary.modeSwitches())
        .extracting(Summary.ModeSwitch::to)
        .containsSubsequence(ConsumptionMode.BULK, ConsumptionMode.SINGLE);
    assertThat(summary.consuming()).isPositive();
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("table users restored")
        .contains("mode SINGLE -> BULK")
        .contains("mode BULK -> SINGLE")
        .contains("Engine closed: final commit done");
    assertOneEventPerAcceptedOrderAndTotalsOfThem(summary);
  }

  private static void assertEveryOrderHandledAndCommittedOnce(Summary summary) {
    assertThat(summary.topics()).extracting(Summary.TopicCount::topic).containsExactly("orders");
    Summary.TopicCount orders = summary.topic("orders");
    assertThat(orders.produced()).isGreaterThan(BACKLOG / 2);
    assertThat(orders.handled()).as("handled").isEqualTo(orders.produced());
    assertThat(orders.redelivered()).as("redelivered").isZero();
    assertThat(orders.skipped()).as("skipped").isZero();
    assertThat(orders.committed()).as("committed").isEqualTo(orders.produced());
    assertThat(summary.orders().total()).isEqualTo(orders.handled());
    assertThat(summary.orders().accepted()).isPositive();
    assertThat(summary.orders().rejected()).as("orders of deleted users").isPositive();
  }

  /**
   * Booking is at-least-once; with no order handled twice (asserted above) it is exactly once: one
   * event per accepted order, and each user's total in the changelog the sum of their accepted
   * orders.
   */
  private void assertOneEventPerAcceptedOrderAndTotalsOfThem(Summary summary) {
    Map<String, Long> expectedTotals = new HashMap<>();
    Set<String> accepted = new HashSet<>();
    for (ConsumerRecord<String, String> event : events) {
      String id = OrdersHandler.stringField(event.value(), "order");
      ConsumerRecord<String, String> order = ordersById.get(id);
      assertThat(order).as("the order of " + event.value()).isNotNull();
      assertThat(event.key()).isEqualTo(order.key());
      long cents = OrdersHandler.amountCents(order.value());
      assertThat(OrdersHandler.amountCents(event.value())).isEqualTo(cents);
      if (accepted.add(id)) {
        expectedTotals.merge(order.key(), cents, Long::sum);
      }
    }
    assertThat((long) accepted.size()).as("accepted orders").isEqualTo(summary.orders().accepted());
    assertThat(events).as("one event per accepted order").hasSize(accepted.size());
    assertThat(summary.orders().eventsSent()).isEqualTo(events.size());
    assertThat(totalsChangelog).as("the totals' changelog").isEqualTo(expectedTotals);
    assertThat(summary.totals().users()).isEqualTo(expectedTotals.size());
    assertThat(summary.totals().cents()).isEqualTo(summary.orders().acceptedCents());
    assertThat(summary.totals().highest())
        .hasSize(Consumption.HIGHEST_TOTALS)
        .allSatisfy(t -> assertThat(t.cents()).isEqualTo(expectedTotals.get(t.user())));
  }

  /** Reads what the run wrote, after its engine closed and before it stops its broker. */
  private void readTopics(Cluster cluster, Topics topics) {
    String servers = cluster.bootstrapServers();
    TopicReader.readAll(servers, topics.orders())
        .forEach(o -> ordersById.put(OrdersHandler.stringField(o.value(), "order"), o));
    events.addAll(TopicReader.readAll(servers, topics.ordersAccepted()));
    TopicReader.readAll(servers, topics.userTotals(), new LongDeserializer())
        .forEach(t -> totalsChangelog.put(t.key(), t.value()));
  }

  private static boolean backInSingleModeAfterBulk(Summary s) {
    List<ConsumptionMode> modes = s.modeSwitches().stream().map(Summary.ModeSwitch::to).toList();
    return modes.contains(ConsumptionMode.BULK)
        && modes.get(modes.size() - 1) == ConsumptionMode.SINGLE;
  }

  private static long handled(Summary s) {
    return s.topics().stream().mapToLong(Summary.TopicCount::handled).sum();
  }
}
