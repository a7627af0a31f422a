package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TableReader}'s stop request: any thread sets it ({@link #close()}); the reader's thread
 * checks it and waits out its backoffs on it, so a close cuts a backoff short. Setting it does not
 * wake a consumer call in progress: the reader's close calls {@code consumer.wakeup()} for that.
 */
final class StopSignal {
  private final String topic;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean closed;

  StopSignal(String topic) {
    this.topic = topic;
  }

  /** Requests the stop. Any thread. */
  void close() {
    closed = true;
    stopping.countDown();
  }

  boolean closed() {
    return closed;
  }

  /** Waits {@code ms} or until closed. */
  void pause(long ms) {
    try {
      stopping.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaperboyException("table " + topic + ": reader interrupted", e);
    }
  }
}
