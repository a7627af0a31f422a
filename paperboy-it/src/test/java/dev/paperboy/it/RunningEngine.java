package dev.paperboy.it;

import dev.paperboy.EngineState;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.test.Await;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** An engine started on a thread of its own, for tests that run several at once. */
final class RunningEngine<K, V> implements AutoCloseable {
  private final PaperboyEngine<K, V> engine;
  private final ExecutorService thread;
  private final Future<?> run;

  private RunningEngine(PaperboyEngine<K, V> engine, String name) {
    this.engine = engine;
    this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "engine-" + name));
    this.run = thread.submit(engine::start);
  }

  /** Starts {@code engine} in the background. */
  static <K, V> RunningEngine<K, V> start(PaperboyEngine<K, V> engine, String name) {
    return new RunningEngine<>(engine, name);
  }

  PaperboyEngine<K, V> engine() {
    return engine;
  }

  /** Waits until the engine joined its group (so its tables are restored). */
  RunningEngine<K, V> awaitRunning(Duration timeout) {
    Await.until(
        timeout,
        () -> engine.state() == EngineState.RUNNING || run.isDone(),
        () -> "engine running, state " + engine.state());
    if (run.isDone()) {
      throw new AssertionError("engine ended: " + outcome());
    }
    return this;
  }

  /** Waits until {@code start()} returned; returns what it threw, or null. */
  Throwable outcome() {
    try {
      run.get(60, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("engine did not end", e);
    }
  }

  @Override
  public void close() {
    engine.close();
    thread.shutdown();
  }
}
