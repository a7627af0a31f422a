package dev.paperboy.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads handlers run on: at most {@code threads}, started on demand and retired after 30 s
 * idle, daemon so a handler stuck past the shutdown timeout cannot keep the JVM alive. Their names
 * start with {@link #THREAD_PREFIX}.
 */
final class HandlerPool {
  static final String THREAD_PREFIX = "paperboy-handler-";

  private HandlerPool() {}

  static ExecutorService create(int threads) {
    AtomicInteger sequence = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, THREAD_PREFIX + sequence.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * The timer that resumes lanes after a retry's backoff: one daemon thread, which only hands lanes
   * back to the handler pool and never runs a handler itself.
   */
  static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "paperboy-retry-timer");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
