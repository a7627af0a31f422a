package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.RetryPolicy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class HandlingScopeTest {
  private static final ConsumerRecord<String, String> RECORD =
      new ConsumerRecord<>("orders", 0, 7, "k", "v");

  private final Sending handler = new Sending();

  @Test
  void recordIsHandledOnceWhatItsHandlerSentIsAcknowledged() {
    handler.ack = CompletableFuture.completedFuture("ok");

    Handling<String, String> handling = handle(true);

    assertThat(handling.isFinished()).isTrue();
    assertThat(handling.handledOffset()).isEqualTo(8);
  }

  @Test
  void failedSendIsTheRecordsErrorAndStopsTheEngineUnderFailOnException() {
    handler.ack = CompletableFuture.failedFuture(new TimeoutException("no topic"));

    Handling<String, String> handling = new Handling<>(Work.records(List.of(RECORD), 0));
    Step step = processor(true).step(new Route<>(handler), handling);

    assertThat(step.fatalError()).isInstanceOf(TimeoutException.class);
    assertThat(handling.isFinished()).isFalse();
  }

  @Test
  void failedSendIsSkippedUnderFailOnExceptionFalse() {
    handler.ack = CompletableFuture.failedFuture(new TimeoutException("no topic"));

    Handling<String, String> handling = handle(false);

    assertThat(handling.isFinished()).isTrue();
  }

  @Test
  void sendOutsideAHandlingIsNotTracked() {
    CompletableFuture<String> never = new CompletableFuture<>();

    HandlingScope.track(never, 1);

    assertThat(HandlingScope.current()).isNull();
    HandlingScope scope = HandlingScope.begin();
    assertThat(scope.awaitAcks()).isNull();
    scope.end();
  }

  @Test
  void unacknowledgedSendFailsTheHandlingAfterItsWait() {
    HandlingScope scope = HandlingScope.begin();
    HandlingScope.track(new CompletableFuture<>(), 10);

    Exception error = scope.awaitAcks();
    scope.end();

    assertThat(error).isInstanceOf(java.util.concurrent.TimeoutException.class);
    assertThat(HandlingScope.current()).isNull();
  }

  @Test
  void handlingLeavesNoScopeOnItsThread() {
    HandlingScope scope = HandlingScope.begin();
    HandlingScope.track(CompletableFuture.completedFuture("ok"), 10);
    assertThat(HandlingScope.current()).isSameAs(scope);

    scope.end();

    assertThat(HandlingScope.current()).isNull();
  }

  @Test
  void poolThreadCarriesItsOwnScopeAndAFailedSendStillFailsTheRecord() throws Exception {
    handler.ack = CompletableFuture.failedFuture(new TimeoutException("no topic"));
    ExecutorService pool = HandlerPool.create(1, false);
    try {
      Future<List<Object>> seen =
          pool.submit(
              () -> {
                HandlerThread thread = (HandlerThread) Thread.currentThread();
                HandlingScope opened = HandlingScope.begin();
                boolean current = HandlingScope.current() == opened;
                opened.end();
                Handling<String, String> handling =
                    new Handling<>(Work.records(List.of(RECORD), 0));
                Step step = processor(true).step(new Route<>(handler), handling);
                return List.of(opened == thread.scope(), current, step.fatalError());
              });

      List<Object> result = seen.get(10, TimeUnit.SECONDS);
      assertThat(result.get(0)).isEqualTo(true);
      assertThat(result.get(1)).isEqualTo(true);
      assertThat(result.get(2)).isInstanceOf(TimeoutException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  private Handling<String, String> handle(boolean failOnException) {
    Handling<String, String> handling = new Handling<>(Work.records(List.of(RECORD), 0));
    WorkProcessor<String, String> processor = processor(failOnException);
    while (!handling.isFinished()) {
      Step step = processor.step(new Route<>(handler), handling);
      assertThat(step.fatalError()).isNull();
    }
    return handling;
  }

  private static WorkProcessor<String, String> processor(boolean failOnException) {
    return new WorkProcessor<>(
        failOnException, RetryPolicy.none(), null, PaperboyListener.NONE, Interceptors.NONE);
  }

  /** Registers {@link #ack} as the acknowledgement of a send, as the engine's senders do. */
  static final class Sending extends PaperboyHandler<String, String> {
    CompletableFuture<?> ack;

    @Override
    public String topic() {
      return "orders";
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      HandlingScope.track(ack, 1_000);
    }
  }
}
