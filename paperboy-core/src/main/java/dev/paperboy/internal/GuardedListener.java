package dev.paperboy.internal;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.table.TableStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the engine's listeners, in order, and keeps what each throws from reaching the engine or
 * the listeners after it: a broken metrics adapter must not stop consumption, skip a commit or
 * silence the health checks.
 */
public final class GuardedListener implements PaperboyListener {
  private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

  private final List<PaperboyListener> delegates;

  GuardedListener(PaperboyListener delegate) {
    this(List.of(delegate));
  }

  /** Calls {@code delegates} in this order. */
  public GuardedListener(List<PaperboyListener> delegates) {
    this.delegates = List.copyOf(delegates);
  }

  @Override
  public void onStateChanged(EngineState from, EngineState to) {
    guard("onStateChanged", d -> d.onStateChanged(from, to));
  }

  @Override
  public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
    guard("onModeSwitched", d -> d.onModeSwitched(from, to, lag));
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    guard("onPartitionsAssigned", d -> d.onPartitionsAssigned(partitions));
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    guard("onPartitionsRevoked", d -> d.onPartitionsRevoked(partitions));
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    guard("onPartitionsLost", d -> d.onPartitionsLost(partitions));
  }

  @Override
  public void onRecordsHandled(TopicPartition partition, int count, long durationNanos) {
    guard("onRecordsHandled", d -> d.onRecordsHandled(partition, count, durationNanos));
  }

  @Override
  public void onHandlingFailed(
      List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
    guard("onHandlingFailed", d -> d.onHandlingFailed(records, error, fatal));
  }

  @Override
  public void onRetry(
      List<? extends ConsumerRecord<?, ?>> records, int attempt, Exception error, long backoffMs) {
    guard("onRetry", d -> d.onRetry(records, attempt, error, backoffMs));
  }

  @Override
  public void onDeadLettered(
      List<? extends ConsumerRecord<?, ?>> records, String deadLetterTopic, Exception error) {
    guard("onDeadLettered", d -> d.onDeadLettered(records, deadLetterTopic, error));
  }

  @Override
  public void onPoisonPill(PoisonPill pill, boolean fatal) {
    guard("onPoisonPill", d -> d.onPoisonPill(pill, fatal));
  }

  @Override
  public void onProblem(String problem) {
    guard("onProblem", d -> d.onProblem(problem));
  }

  @Override
  public void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    guard("onCommitted", d -> d.onCommitted(offsets));
  }

  @Override
  public void onCommitFailed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    guard("onCommitFailed", d -> d.onCommitFailed(offsets, error));
  }

  @Override
  public void onStepCompleted(int step, int steps) {
    guard("onStepCompleted", d -> d.onStepCompleted(step, steps));
  }

  @Override
  public void onTableRestoring(TableStatus status) {
    guard("onTableRestoring", d -> d.onTableRestoring(status));
  }

  @Override
  public void onTableRestored(TableStatus status, long durationMs) {
    guard("onTableRestored", d -> d.onTableRestored(status, durationMs));
  }

  /**
   * Runs a listener call; whatever it throws is logged and dropped, an {@code Error} included (an
   * {@code AssertionError} in a test listener, a {@code LinkageError} of a missing metrics jar), so
   * it can never skip the engine's bookkeeping. Only the JVM's own failures ({@link
   * VirtualMachineError}) go on.
   */
  private void guard(String method, java.util.function.Consumer<PaperboyListener> call) {
    for (PaperboyListener delegate : delegates) {
      try {
        call.accept(delegate);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        log.warn("PaperboyListener.{} of {} threw; ignored", method, delegate, e);
      }
    }
  }
}
