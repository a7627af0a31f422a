package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModeDwellTest {
  private static final TopicPartition P0 = new TopicPartition("orders", 0);

  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private final AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
  private PollLoop<String, String> loop;

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.stop();
    }
    runner.shutdownNow();
  }

  @Test
  void aModeHoldsForAtLeastASecondWhateverTheLag() throws Exception {
    PacedMockConsumer<String, String> consumer = new PacedMockConsumer<>();
    List<ConsumptionMode> switches = new CopyOnWriteArrayList<>();
    consumer.setMaxPollRecords(10);
    consumer.updatePartitions("orders", List.of());
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          consumer.updateBeginningOffsets(Map.of(P0, 0L));
          consumer.updateEndOffsets(Map.of(P0, 100L));
          for (long offset = 0; offset < 100; offset++) {
            consumer.addRecord(new ConsumerRecord<>("orders", 0, offset, "k", "v"));
          }
        });
    EngineOptions options =
        EngineOptions.builder()
            .bulkModeThreshold(20L)
            .listener(
                new PaperboyListener() {
                  @Override
                  public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
                    switches.add(to);
                  }
                })
            .build();
    PaperboyHandler<String, String> handler = PaperboyHandler.of("orders", (msg, ctx) -> {});
    loop =
        new PollLoop<>(consumer, Map.of(), List.of(handler), List.of(), options, null, clock::get);
    runner.submit(loop::run);

    PollLoopTest.await(
        () ->
            consumer.assignment().contains(P0)
                && consumer.position(P0) == 100
                && consumer.polls.get() > 20);
    List<ConsumptionMode> whileTheClockStood = List.copyOf(switches);
    clock.addAndGet(ModeControl.MIN_MODE_DWELL_NANOS);
    PollLoopTest.await(() -> switches.size() == 2);

    assertThat(whileTheClockStood).containsExactly(ConsumptionMode.BULK);
    assertThat(switches).containsExactly(ConsumptionMode.BULK, ConsumptionMode.SINGLE);
  }
}
