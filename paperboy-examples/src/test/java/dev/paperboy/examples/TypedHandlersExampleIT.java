package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyEngine;
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

/** The README's typed handlers, against a broker of their own (they read from the start). */
@ExtendWith(EmbeddedKafkaExtension.class)
class TypedHandlersExampleIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private final ExecutorService thread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  @Test
  void typedHandlersReadJsonAndText(EmbeddedKafka kafka) throws Exception {
    kafka.createTopic("notes", 1);
    kafka.createTopic("orders", 1);
    kafka.produce("notes", 0, List.of(new SimpleEntry<>("n", "hello")));
    kafka.produce(
        "orders",
        0,
        List.of(new SimpleEntry<>("o", "{\"id\":\"o\",\"user\":\"ada\",\"total\":3}")));
    TypedHandlersExample example = new TypedHandlersExample();
    PaperboyEngine<byte[], byte[]> engine = example.engine(kafka.bootstrapServers());

    Future<?> run = thread.submit(engine::start);
    Await.until(
        DEADLINE, () -> !example.notes().isEmpty() && !example.orders().isEmpty(), "both read");
    engine.close();
    run.get();

    assertThat(example.notes()).containsExactly("hello");
    assertThat(example.orders()).containsExactly(new TypedHandlersExample.Order("o", "ada", 3));
  }
}
