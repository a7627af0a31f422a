package dev.paperboy.health;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringDeserializer;

/** An engine of strings for the integration tests, run on a thread of its own. */
final class BackgroundEngine implements AutoCloseable {
  final PaperboyEngine<String, String> engine;
  private final Thread thread;
  private volatile Throwable outcome;

  private BackgroundEngine(PaperboyEngine<String, String> engine) {
    this.engine = engine;
    this.thread =
        new Thread(
            () -> {
              try {
                engine.start();
              } catch (RuntimeException | Error e) {
                outcome = e;
              }
            },
            "engine-under-test");
    this.thread.setDaemon(true);
  }

  /** An engine (not started yet) reading {@code handler}'s topic from the earliest offset. */
  static BackgroundEngine of(
      String bootstrapServers,
      String group,
      PaperboyHandler<String, String> handler,
      EngineOptions.Builder options) {
    return new BackgroundEngine(
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(bootstrapServers)
            .groupId(group)
            .config("auto.offset.reset", "earliest")
            .config("allow.auto.create.topics", false)
            .handler(handler)
            .options(options.shutdownHook(false).build())
            .build());
  }

  BackgroundEngine start() {
    thread.start();
    return this;
  }

  /** What {@code start()} threw, or null. */
  Throwable outcome() {
    return outcome;
  }

  /** Stops the engine and waits for its thread, boundedly. */
  @Override
  public void close() {
    engine.close();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
