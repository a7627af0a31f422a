package dev.paperboy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.HandlingInterceptor.Scope;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class HandlingTimerTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final EngineMeters meters = new EngineMeters(registry);
  private final HandlingTimer timer = new HandlingTimer(meters);

  @Test
  void timesOneRecordAttemptWithItsTopicKindAndOutcome() {
    meters.name("orders-engine");

    Scope scope = timer.begin(List.of(record("orders", 0)), false, 1);
    clock.add(Duration.ofMillis(7));
    scope.end(null);

    Timer recorded =
        registry
            .get("paperboy.handling")
            .tags("engine", "orders-engine", "topic", "orders", "kind", "record")
            .tag("outcome", "success")
            .timer();
    assertThat(recorded.count()).isEqualTo(1);
    assertThat(recorded.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
  }

  @Test
  void timesAFailedBatchAttemptAsABatchWithAnError() {
    meters.name("orders-engine");

    Scope scope = timer.begin(List.of(record("orders", 0), record("orders", 1)), true, 1);
    clock.add(Duration.ofMillis(20));
    scope.end(new IllegalStateException("boom"));

    Timer recorded =
        registry.get("paperboy.handling").tags("kind", "batch", "outcome", "error").timer();
    assertThat(recorded.count()).isEqualTo(1);
    assertThat(recorded.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
  }

  @Test
  void timesNothingBeforeTheEngineIsNamed() {
    Scope scope = timer.begin(List.of(record("orders", 0)), false, 1);
    scope.end(null);

    assertThat(registry.getMeters()).isEmpty();
  }

  private static ConsumerRecord<String, String> record(String topic, long offset) {
    return new ConsumerRecord<>(topic, 0, offset, "k", "v");
  }
}
