package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FinalCommitTest {
  private static final TopicPartition P0 = new TopicPartition("orders", 0);

  private final ExecutorService runner = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    runner.shutdownNow();
  }

  @Test
  void finalCommitRefusedDuringARebalanceIsMadeAfterPollingThroughIt() throws Exception {
    RebalancingConsumer consumer = new RebalancingConsumer(2);
    List<Long> handled = new CopyOnWriteArrayList<>();
    PollLoop<String, String> loop = start(consumer, handled);
    for (long offset = 0; offset < 5; offset++) {
      consumer.addRecord(new ConsumerRecord<>("orders", 0, offset, "k", "v"));
    }
    Eventually.await(() -> handled.size() == 5);
    int pollsBeforeStop = consumer.polls.get();

    loop.stop();
    Eventually.await(() -> loop.state().isTerminal());

    assertThat(consumer.refusedCommits.get()).isEqualTo(2);
    assertThat(consumer.polls.get()).isGreaterThanOrEqualTo(pollsBeforeStop + 2);
    assertThat(consumer.committedOffset(P0)).isEqualTo(5);
  }

  private PollLoop<String, String> start(RebalancingConsumer consumer, List<Long> handled)
      throws InterruptedException {
    consumer.updatePartitions("orders", List.of());
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          consumer.updateBeginningOffsets(Map.of(P0, 0L));
        });
    PaperboyHandler<String, String> handler =
        PaperboyHandler.of("orders", (msg, ctx) -> handled.add(msg.offset()));
    PollLoop<String, String> loop =
        new PollLoop<>(
            consumer,
            EngineSpec.of(
                List.of(handler),
                List.of(),
                "b:9092",
                "g",
                300_000,
                EngineOptions.builder().shutdownHook(false).commitIntervalMs(60_000).build(),
                null));
    runner.submit(loop::run);
    Eventually.await(() -> consumer.assignment().contains(P0));
    return loop;
  }

  /** Refuses the first synchronous commits as a group in the middle of a rebalance does. */
  static final class RebalancingConsumer extends PacedMockConsumer<String, String> {
    final AtomicInteger refusedCommits = new AtomicInteger();
    private final int refusals;

    RebalancingConsumer(int refusals) {
      this.refusals = refusals;
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (refusedCommits.get() < refusals) {
        refusedCommits.incrementAndGet();
        throw new RebalanceInProgressException("the group is rebalancing");
      }
      super.commitSync(offsets);
    }
  }
}
