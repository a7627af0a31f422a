package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the user's listener and keeps what it throws from reaching the engine: a broken metrics
 * adapter must not stop consumption or skip a commit.
 */
final class GuardedListener implements PaperboyListener {
  private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

  private final PaperboyListener delegate;

  GuardedListener(PaperboyListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onStateChanged(EngineState from, EngineState to) {
    guard("onStateChanged", () -> delegate.onStateChanged(from, to));
  }

  @Override
  public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
    guard("onModeSwitched", () -> delegate.onModeSwitched(from, to, lag));
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    guard("onPartitionsAssigned", () -> delegate.onPartitionsAssigned(partitions));
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    guard("onPartitionsRevoked", () -> delegate.onPartitionsRevoked(partitions));
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    guard("onPartitionsLost", () -> delegate.onPartitionsLost(partitions));
  }

  @Override
  public void onRecordsHandled(TopicPartition partition, int count, long durationNanos) {
    guard("onRecordsHandled", () -> delegate.onRecordsHandled(partition, count, durationNanos));
  }

  @Override
  public void onHandlingFailed(
      List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
    guard("onHandlingFailed", () -> delegate.onHandlingFailed(records, error, fatal));
  }

  @Override
  public void onRetry(
      List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception error, long backoffMs) {
    guard("onRetry", () -> delegate.onRetry(records, attempt, error, backoffMs));
  }

  @Override
  public void onDeadLettered(
      List<? extends ConsumerRecord<?, ?>> records, String deadLetterTopic, Exception error) {
    guard("onDeadLettered", () -> delegate.onDeadLettered(records, deadLetterTopic, error));
  }

  @Override
  public void onPoisonPill(PoisonPill pill, boolean fatal) {
    guard("onPoisonPill", () -> delegate.onPoisonPill(pill, fatal));
  }

  @Override
  public void onProblem(String problem) {
    guard("onProblem", () -> delegate.onProblem(problem));
  }

  @Override
  public void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    guard("onCommitted", () -> delegate.onCommitted(offsets));
  }

  @Override
  public void onCommitFailed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    guard("onCommitFailed", () -> delegate.onCommitFailed(offsets, error));
  }

  @Override
  public void onStepCompleted(int step, int steps) {
    guard("onStepCompleted", () -> delegate.onStepCompleted(step, steps));
  }

  /**
   * Runs a listener call; whatever it throws is logged and dropped, an {@code Error} included (an
   * {@code AssertionError} in a test listener, a {@code LinkageError} of a missing metrics jar), so
   * it can never skip the engine's bookkeeping. Only the JVM's own failures ({@link
   * VirtualMachineError}) go on.
   */
  private void guard(String method, Runnable call) {
    try {
      call.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      log.warn("PaperboyListener.{} threw; ignored", method, e);
    }
  }
}
