package dev.paperboy.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the demo's status while it runs, from a thread of its own. On a terminal the status line
 * is redrawn in place (carriage return, no line break) and event lines, such as mode switches, are
 * printed above it; otherwise each look is a plain line of its own, so a log file or CI output
 * reads well too.
 */
final class StatusReporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

  private final PrintStream out;
  private final boolean interactive;
  private final Supplier<StatusLine> sampler;
  private final EngineObserver observer;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "demo-status"));
  private int drawn;

  StatusReporter(
      PrintStream out, boolean interactive, Supplier<StatusLine> sampler, EngineObserver observer) {
    this.out = out;
    this.interactive = interactive;
    this.sampler = sampler;
    this.observer = observer;
  }

  /** Starts printing every {@code interval}. */
  void start(Duration interval) {
    long ms = interval.toMillis();
    timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Prints the pending events and the status as they are now. */
  synchronized void tick() {
    try {
      printEvents();
      String line = sampler.get().render();
      if (interactive) {
        out.print("\r" + padded(line));
        drawn = line.length();
      } else {
        out.println(line);
      }
      out.flush();
    } catch (RuntimeException e) {
      log.warn("Could not print the status: {}", e.toString());
    }
  }

  /**
   * Prints {@code message} on a line of its own, after the events still pending, above the status
   * line on a terminal.
   */
  synchronized void println(String message) {
    printEvents();
    printLine(message);
    out.flush();
  }

  /** Stops the timer, prints the last events and status, and ends the status line. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      tick();
      if (interactive && drawn > 0) {
        out.println();
        drawn = 0;
      }
      out.flush();
    }
  }

  private void printEvents() {
    for (String event = observer.nextEvent(); event != null; event = observer.nextEvent()) {
      printLine(event);
    }
  }

  private void printLine(String text) {
    if (interactive && drawn > 0) {
      out.print("\r" + padded(text) + System.lineSeparator());
      drawn = 0;
    } else {
      out.println(text);
    }
  }

  /** {@code text} padded with blanks over what the status line showed before. */
  private String padded(String text) {
    int blanks = drawn - text.length();
    return blanks > 0 ? text + " ".repeat(blanks) : text;
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
