package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads handlers run on: at most {@code threads}, started on demand and retired after 30 s
 * idle, daemon so a handler stuck past the shutdown timeout cannot keep the JVM alive. Their names
 * start with {@link #THREAD_PREFIX}. They are platform threads, or virtual threads on Java 21 and
 * newer when asked for: the pool then bounds how many records are in handlers at once, and a
 * handler waiting on I/O holds no platform thread.
 */
final class HandlerPool {
  static final String THREAD_PREFIX = "paperboy-handler-";

  private HandlerPool() {}

  static ExecutorService create(int threads, boolean virtual) {
    ThreadFactory factory = virtual ? virtualThreads() : platformThreads();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory platformThreads() {
    AtomicInteger sequence = new AtomicInteger();
    return task -> new HandlerThread(task, THREAD_PREFIX + sequence.incrementAndGet());
  }

  /**
   * {@code Thread.ofVirtual().name(THREAD_PREFIX, 1).factory()}, called reflectively: the library
   * is compiled for Java 17, where virtual threads do not exist ({@code EngineOptions} refuses them
   * there).
   */
  private static ThreadFactory virtualThreads() {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      builder =
          builderType
              .getMethod("name", String.class, long.class)
              .invoke(builder, THREAD_PREFIX, 1L);
      return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new PaperboyException(
          "virtualThreads(true) needs Java 21 or newer; this JVM is Java "
              + Runtime.version().feature(),
          e);
    }
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
