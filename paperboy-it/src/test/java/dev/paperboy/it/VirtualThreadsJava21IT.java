package dev.paperboy.it;

import static dev.paperboy.it.ItSupport.newGroup;
import static dev.paperboy.it.ItSupport.newTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paperboy.EngineOptions;
import dev.paperboy.Ordering;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.test.Await;
import dev.paperboy.test.EmbeddedKafka;
import dev.paperboy.test.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Handlers on virtual threads: a thousand records in handlers at once, each waiting 50 ms. Needs a
 * JDK 21+; the build runs it in a second Failsafe run on one (see this module's pom).
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class VirtualThreadsJava21IT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @BeforeAll
  static void needsJava21() {
    assumeTrue(
        Runtime.version().feature() >= 21,
        "virtual threads need Java 21 or newer, and this run's JVM is Java "
            + Runtime.version().feature()
            + ": no JDK 21+ was found at /usr/lib/jvm/temurin-25-jdk-amd64; pass"
            + " -Dpaperboy.java21=<a JDK 21+>/bin/java to run this test");
  }

  @Test
  void aThousandRecordsWaitingFiftyMillisecondsEachTakeAFewSecondsNotTwentyFive(EmbeddedKafka kafka)
      throws Exception {
    String topic = newTopic(kafka, "virtual-threads", 2);
    kafka.produceNumbered(topic, 2, 0, 1_000); // distinct keys
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger inHandlers = new AtomicInteger();
    AtomicInteger mostInHandlers = new AtomicInteger();
    AtomicBoolean onPlatformThread = new AtomicBoolean();
    PaperboyHandler<String, String> handler =
        PaperboyHandler.of(
            topic,
            (msg, ctx) -> {
              if (!isVirtual(Thread.currentThread())) {
                onPlatformThread.set(true);
              }
              mostInHandlers.accumulateAndGet(inHandlers.incrementAndGet(), Math::max);
              Thread.sleep(50);
              inHandlers.decrementAndGet();
              handled.incrementAndGet();
            });
    StringEngine engine =
        new StringEngine(
            kafka.bootstrapServers(),
            newGroup(),
            EngineOptions.builder()
                .ordering(Ordering.KEY)
                .virtualThreads(true)
                .handlerThreads(1_000)
                .build(),
            List.of(handler));

    engine.startInBackground();
    Await.until(DEADLINE, () -> handled.get() > 0, "the first record handled");
    long start = System.nanoTime();
    Await.until(DEADLINE, () -> handled.get() == 1_000, "all 1,000 records handled");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    engine.close();

    System.out.printf(
        "VirtualThreadsJava21IT: 1,000 records of 50 ms in %d ms, at most %d in handlers at once%n",
        took.toMillis(), mostInHandlers.get());
    assertThat(engine.outcome()).isNull();
    assertThat(onPlatformThread).as("a handler ran on a platform thread").isFalse();
    assertThat(mostInHandlers.get())
        .as("records in handlers at once, against 2 partitions")
        .isGreaterThan(100);
    // One record per partition at a time would take 1,000 x 50 ms / 2 = 25 s.
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  private static boolean isVirtual(Thread thread) {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
