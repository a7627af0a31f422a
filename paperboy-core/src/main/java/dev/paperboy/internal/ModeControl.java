package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.PaperboyListener;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which mode the engine consumes in, and when it changes: bulk while step mode runs, then by lag
 * against the threshold (summed consumer lag of the owned partitions, see {@link Lanes#lag}),
 * holding each mode at least {@link #MIN_MODE_DWELL_NANOS}. Leaving bulk mode first hands the batch
 * being collected over, so a switch loses and repeats nothing. Poll thread only, except {@link
 * #mode()}.
 */
final class ModeControl<K, V> {
  private static final Logger log = LoggerFactory.getLogger(ModeControl.class);

  /**
   * The least time a mode holds before the lag may switch it again: with a live producer the lag
   * can hover around the threshold, and switching on every poll only floods the log.
   */
  static final long MIN_MODE_DWELL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Consumer<K, V> consumer;
  private final Lanes<K, V> lanes;
  private final StepPlan steps;
  private final StepRunner<K, V> stepRunner;
  private final PaperboyListener listener;
  private final Long threshold;
  private final boolean startInBulk;
  private final LongConsumer handOverAllBatches;
  private volatile ConsumptionMode mode;
  private long modeSinceNanos;

  ModeControl(
      Consumer<K, V> consumer,
      Lanes<K, V> lanes,
      StepPlan steps,
      PaperboyListener listener,
      Long threshold,
      boolean startInBulk,
      LongConsumer handOverAllBatches,
      long nowNanos) {
    this.consumer = consumer;
    this.lanes = lanes;
    this.steps = steps;
    this.stepRunner = new StepRunner<>(consumer, steps, lanes);
    this.listener = listener;
    this.threshold = threshold;
    this.startInBulk = startInBulk;
    this.handOverAllBatches = handOverAllBatches;
    this.modeSinceNanos = nowNanos - MIN_MODE_DWELL_NANOS;
    this.mode = !steps.isDone() || startInBulk ? ConsumptionMode.BULK : ConsumptionMode.SINGLE;
  }

  /** The current mode. Any thread. */
  ConsumptionMode mode() {
    return mode;
  }

  boolean isBulk() {
    return mode == ConsumptionMode.BULK;
  }

  /** Ends the steps that caught up, then lets the lag choose the mode once steps are done. */
  void update(long nowNanos, boolean joined) {
    advanceSteps(nowNanos, joined);
    adaptToLag(nowNanos);
  }

  private void advanceSteps(long now, boolean joined) {
    while (!steps.isDone() && joined && stepRunner.fetchedAll()) {
      handOverAllBatches.accept(now);
      if (!stepRunner.handledAll()) {
        return;
      }
      int done = steps.current();
      log.info("Step {}/{} caught up on {}", done + 1, steps.count(), steps.currentTopics());
      steps.advance();
      listener.onStepCompleted(done, steps.count());
      if (steps.isDone()) {
        log.info("All {} steps done: consuming every topic", steps.count());
        if (!startInBulk) {
          switchTo(ConsumptionMode.SINGLE, Math.max(0, lanes.lag(consumer)), now);
        }
      }
    }
  }

  private void adaptToLag(long now) {
    if (!steps.isDone() || threshold == null || now - modeSinceNanos < MIN_MODE_DWELL_NANOS) {
      return;
    }
    long lag = lanes.lag(consumer);
    if (lag < 0) {
      return;
    }
    ConsumptionMode wanted = lag > threshold ? ConsumptionMode.BULK : ConsumptionMode.SINGLE;
    if (wanted != mode) {
      switchTo(wanted, lag, now);
    }
  }

  private void switchTo(ConsumptionMode to, long lag, long now) {
    ConsumptionMode from = mode;
    if (from == ConsumptionMode.BULK) {
      handOverAllBatches.accept(now);
    }
    mode = to;
    modeSinceNanos = now;
    log.info(
        "Switching from {} to {} mode: lag {} is {} bulkModeThreshold {}",
        from,
        to,
        lag,
        to == ConsumptionMode.BULK ? "above" : "at or below",
        threshold);
    listener.onModeSwitched(from, to, lag);
  }
}
