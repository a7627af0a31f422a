package dev.paperboy.demo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clean-up tasks of the embedded broker (deleting its data directories) that must run after the
 * broker closed, not while it runs: {@link #run()} runs them once the demo closed the broker, and a
 * JVM shutdown hook runs them on exit if the demo never got there, but only after giving the demo's
 * own graceful stop time to finish.
 */
final class ClusterCleanup {
  private static final Logger log = LoggerFactory.getLogger(ClusterCleanup.class);
  private static final long WAIT_FOR_CLOSE_SECONDS = 60;

  private final List<Runnable> tasks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean done = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook = new Thread(this::runOnExit, "paperboy-demo-broker-cleanup");

  ClusterCleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Adds a task; the test kit calls this while the broker starts. */
  void add(Runnable task) {
    tasks.add(task);
  }

  /** Runs the tasks now, once: the broker is closed. */
  void run() {
    closed.countDown();
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down; the hook finds the tasks done.
      }
    }
    if (done.compareAndSet(false, true)) {
      for (Runnable task : tasks) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("Cleaning up after the embedded broker failed: {}", e.toString());
        }
      }
    }
  }

  private void runOnExit() {
    try {
      closed.await(WAIT_FOR_CLOSE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    run();
  }
}
