package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's other runnable examples, against a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ExamplesIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private final ExecutorService thread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  @Test
  void usersTableIsRestoredBeforeOrders(EmbeddedKafka kafka) throws Exception {
    kafka.createTopic("users", 2);
    kafka.createTopic("orders", 2);
    for (int i = 0; i < 200; i++) {
      kafka.produce("users", i % 2, List.of(new SimpleEntry<>("user-" + i, "user-" + i)));
    }
    for (int i = 0; i < 100; i++) {
      kafka.produce("orders", i % 2, List.of(new SimpleEntry<>("order-" + i, "user-" + (i * 2))));
    }
    ReferenceDataEngine engine =
        new ReferenceDataEngine(
            kafka.bootstrapServers(), EngineOptions.builder().shutdownHook(false).build());

    Future<?> run = thread.submit(engine::start);
    Await.until(
        DEADLINE,
        () ->
            kafka.committedOffsets("reference-data").values().stream()
                    .mapToLong(Long::longValue)
                    .sum()
                == 100,
        "orders committed (users is a table: read in full, never committed)");
    engine.close();
    run.get(); // an order of an unknown user would have failed the engine

    assertThat(engine.state().isTerminal()).isTrue();
  }
}
