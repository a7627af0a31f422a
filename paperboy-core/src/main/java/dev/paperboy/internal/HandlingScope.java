package dev.paperboy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ties what a handler sends (records through the engine's producer, state table writes) to the
 * handling of the record or batch it is handling: while a handler call runs, its thread collects
 * the acknowledgements of those sends, and the engine waits for them before it counts the handling
 * as done, so an offset is never committed ahead of its handler's output. A failed send becomes the
 * handling's error. A send made outside any handling (another thread, before start) is just a send.
 * Not API: public only so the public {@code Sender} and tables can register their sends.
 *
 * <p>Cheap on the per-record path: each handler thread makes its scope once and reuses it, opening
 * and closing it around every call with a flag, and no list exists until the first send. A pool
 * thread ({@link HandlerThread}) carries it in a field; other threads (virtual ones, tests) in a
 * thread-local. Only threads that handle records get a scope: a send from any other thread creates
 * nothing, so a container's request threads keep nothing behind.
 */
public final class HandlingScope {
  private static final ThreadLocal<HandlingScope> CURRENT = new ThreadLocal<>();

  private boolean active;
  private List<CompletableFuture<?>> acks;
  private long maxWaitMs;

  private HandlingScope() {}

  /**
   * Registers the acknowledgement of a send made by the calling thread; if the thread is handling a
   * record or batch, that handling is done only once {@code ack} completed, and fails if it failed
   * or did not complete within {@code maxWaitMs}. Outside a handling it does nothing.
   */
  public static void track(CompletableFuture<?> ack, long maxWaitMs) {
    HandlingScope scope = ofThisThread();
    if (scope == null || !scope.active) {
      return;
    }
    if (scope.acks == null) {
      scope.acks = new ArrayList<>();
    }
    scope.acks.add(ack);
    scope.maxWaitMs = Math.max(scope.maxWaitMs, maxWaitMs);
  }

  /** The calling thread's scope while it handles a record or batch, or null. */
  static HandlingScope current() {
    HandlingScope scope = ofThisThread();
    return scope != null && scope.active ? scope : null;
  }

  /** Opens the calling thread's scope, before a handler call. */
  static HandlingScope begin() {
    HandlingScope scope = ofThisThread();
    if (scope == null) {
      scope = new HandlingScope();
      CURRENT.set(scope);
    }
    scope.active = true;
    return scope;
  }

  /** A scope for a {@link HandlerThread} to carry. */
  static HandlingScope create() {
    return new HandlingScope();
  }

  /** The calling thread's scope, open or not: its own field on a handler thread. */
  private static HandlingScope ofThisThread() {
    Thread thread = Thread.currentThread();
    return thread instanceof HandlerThread handler ? handler.scope() : CURRENT.get();
  }

  /**
   * Waits for every acknowledgement registered since {@link #begin()}, together bounded by the
   * longest wait a send asked for, and returns the first failure as the handling's error, or null
   * when all were acknowledged (or nothing was sent). An interrupt fails the handling too: it is
   * not done, so it is not committed.
   */
  Exception awaitAcks() {
    if (acks == null || acks.isEmpty()) {
      return null;
    }
    Thread.interrupted(); // a flag the handler left set is its own, not a reason to give up here
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    for (CompletableFuture<?> ack : acks) {
      try {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        return cause instanceof Exception ? (Exception) cause : new ExecutionException(cause);
      } catch (TimeoutException e) {
        return new TimeoutException(
            "a send made while handling was not acknowledged within " + maxWaitMs + " ms");
      } catch (InterruptedException e) {
        return e;
      }
    }
    return null;
  }

  /** Closes the scope after the handler call; sends not waited for are forgotten. */
  void end() {
    active = false;
    maxWaitMs = 0;
    if (acks != null) {
      acks.clear();
    }
  }
}
