package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --bootstrap-servers}: the demo runs on a cluster it did not start and tidies up, the
 * totals' changelog its engine created included.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DemoRunExistingClusterIT {

  @Test
  void runsOnItsOwnTopicsAndDeletesThemAtTheEnd(EmbeddedKafka kafka) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    DemoOptions options =
        DemoOptions.defaults()
            .withBootstrapServers(kafka.bootstrapServers())
            .withBacklogRecords(3_000)
            .withBulkModeThreshold(100)
            .withPartitions(2)
            .withDuration(Duration.ofMinutes(5));
    DemoRun run =
        new DemoRun(options, new PrintStream(output, true, StandardCharsets.UTF_8), false);

    CompletableFuture<Summary> result = CompletableFuture.supplyAsync(run::run);
    Await.until(
        Duration.ofSeconds(120),
        () -> result.isDone() || handled(run.snapshot()) >= 2_000 + 20,
        () -> "backlog and some live records handled: " + run.snapshot());
    run.stop();
    Summary summary = result.get(60, TimeUnit.SECONDS);
    System.out.print(output.toString(StandardCharsets.UTF_8));

    assertThat(summary.topics())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.topic()).startsWith("paperboy-demo-").endsWith("-orders");
              assertThat(t.handled()).as(t.topic()).isEqualTo(t.produced()).isPositive();
              assertThat(t.committed()).as(t.topic()).isEqualTo(t.produced());
            });
    assertThat(summary.users().restoredOffsets()).isPositive();
    assertThat(summary.orders().eventsSent()).isEqualTo(summary.orders().accepted()).isPositive();
    assertThat(summary.totals().cents()).isEqualTo(summary.orders().acceptedCents());
    assertThat(kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS))
        .noneMatch(name -> name.startsWith("paperboy-demo-"));
  }

  private static long handled(Summary s) {
    return s.topics().stream().mapToLong(Summary.TopicCount::handled).sum();
  }
}
