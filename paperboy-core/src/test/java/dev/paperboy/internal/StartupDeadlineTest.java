package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The startup timeout runs from the engine's {@code start()}, not from the poll loop's creation: an
 * engine whose tables took the whole timeout to restore gives up at its first cluster check instead
 * of waiting the timeout a second time.
 */
class StartupDeadlineTest {

  @Test
  void aLoopWhoseStartUsedTheWholeTimeoutGivesUpAtItsFirstCheck() throws Exception {
    AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(100)); // never moves
    long startedAt = clock.get() - TimeUnit.SECONDS.toNanos(10); // a restore took 10 s
    PacedMockConsumer<String, String> consumer = new PacedMockConsumer<>();
    consumer.updatePartitions("orders", List.of()); // the topic exists; the group never answers
    EngineOptions options =
        EngineOptions.builder().shutdownHook(false).startupTimeoutMs(10_000).build();
    PollLoop<String, String> loop =
        new PollLoop<>(
            consumer,
            EngineSpec.of(
                    List.of(PaperboyHandler.<String, String>of("orders", (msg, ctx) -> {})),
                    List.of(),
                    "b:9092",
                    "g",
                    300_000,
                    options,
                    null)
                .withClock(clock::get),
            startedAt);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<?> run = runner.submit(loop::run);

      Throwable outcome = catchThrowable(() -> run.get(30, TimeUnit.SECONDS));

      assertThat(outcome).isInstanceOf(ExecutionException.class);
      assertThat(outcome.getCause())
          .isInstanceOf(PaperboyException.class)
          .hasMessageContaining("did not start within startupTimeoutMs=10000");
    } finally {
      loop.stop();
      runner.shutdownNow();
    }
  }
}
