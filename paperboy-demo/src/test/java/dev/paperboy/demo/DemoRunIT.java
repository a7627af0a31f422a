package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.test.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's path: the demo starts a broker of its own and runs until it is stopped. */
class DemoRunIT {
  private static final int BACKLOG = 30_000;

  @Test
  void consumesTheBacklogInBulkThenLiveRecordsOneByOneAndHandlesEveryRecordOnce() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    DemoOptions options =
        DemoOptions.defaults()
            .withBacklogRecords(BACKLOG)
            .withBulkModeThreshold(500)
            .withLiveRecordsPerSecond(50)
            .withDuration(Duration.ofMinutes(5));
    DemoRun run =
        new DemoRun(options, new PrintStream(output, true, StandardCharsets.UTF_8), false);

    CompletableFuture<Summary> result = CompletableFuture.supplyAsync(run::run);
    Await.until(
        Duration.ofSeconds(120),
        () -> result.isDone() || backInSingleModeWithLiveRecordsHandled(run.snapshot()),
        () -> "backlog handled in bulk, then live records: " + run.snapshot());
    run.stop();
    Summary summary = result.get(60, TimeUnit.SECONDS);
    System.out.print(output.toString(StandardCharsets.UTF_8));
    System.out.print(summary.render());

    assertThat(summary.topics())
        .extracting(Summary.TopicCount::topic)
        .containsExactly("users", "orders");
    assertThat(summary.topics())
        .allSatisfy(
            t -> {
              assertThat(t.produced()).as(t.topic()).isPositive();
              assertThat(t.handled()).as(t.topic() + " handled").isEqualTo(t.produced());
              assertThat(t.redelivered()).as(t.topic() + " redelivered").isZero();
              assertThat(t.skipped()).as(t.topic() + " skipped").isZero();
              assertThat(t.committed()).as(t.topic() + " committed").isEqualTo(t.produced());
            });
    assertThat(summary.topic("users").produced() + summary.topic("orders").produced())
        .isGreaterThan(BACKLOG);
    assertThat(summary.modeSwitches())
        .extracting(Summary.ModeSwitch::to)
        .containsSubsequence(ConsumptionMode.BULK, ConsumptionMode.SINGLE);
    assertThat(summary.users().batches()).as("users handled in batches").isPositive();
    assertThat(summary.users().single()).as("users handled one by one").isPositive();
    assertThat(summary.orders().total()).isEqualTo(summary.topic("orders").handled());
    assertThat(summary.orders().waiting()).isZero();
    assertThat(summary.consuming()).isPositive();
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("mode SINGLE -> BULK")
        .contains("mode BULK -> SINGLE")
        .contains("Engine closed: final commit done");
  }

  /** Back in single mode after bulk, with more than the backlog handled. */
  private static boolean backInSingleModeWithLiveRecordsHandled(Summary s) {
    List<ConsumptionMode> modes = s.modeSwitches().stream().map(Summary.ModeSwitch::to).toList();
    long handled = s.topics().stream().mapToLong(Summary.TopicCount::handled).sum();
    return modes.contains(ConsumptionMode.BULK)
        && modes.get(modes.size() - 1) == ConsumptionMode.SINGLE
        && handled >= BACKLOG + 100;
  }
}
